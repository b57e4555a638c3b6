package org.vla4j.sim.libero.scene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vla4j.mujoco.MjModel;
import org.vla4j.mujoco.MjModelArray;
import org.vla4j.mujoco.MjObj;

/**
 * Field-by-field comparison of two compiled MuJoCo models (ours against a reference compile): counts,
 * names in id order of every object type, options, and every {@link MjModelArray}. Floats compare with
 * an absolute tolerance; everything else must be equal.
 */
public final class ModelComparison {
  private ModelComparison() {}

  /** The deviation of one field. */
  public record FieldDiff(String field, boolean shapeMatches, double maxAbsDeviation, int worstIndex) {
    /** Whether the field agrees within {@code tolerance}. */
    public boolean within(double tolerance) {
      return shapeMatches && maxAbsDeviation <= tolerance;
    }

    @Override
    public String toString() {
      return field + (shapeMatches ? String.format(" max|Δ|=%.3g at %d", maxAbsDeviation, worstIndex) : " SHAPE DIFFERS");
    }
  }

  /**
   * The comparison result.
   *
   * @param counts count name → {ours, reference}, only those that differ
   * @param names object type → first differing name position and both names, only types that differ
   * @param fields every compared field, in {@link MjModelArray} order then options
   */
  public record Report(Map<String, int[]> counts, Map<String, String> names, List<FieldDiff> fields) {
    /** Whether counts and names agree and every field is within {@code tolerance}. */
    public boolean equal(double tolerance) {
      return counts.isEmpty() && names.isEmpty() && fields.stream().allMatch(f -> f.within(tolerance));
    }

    /** The fields beyond {@code tolerance}. */
    public List<FieldDiff> failing(double tolerance) {
      return fields.stream().filter(f -> !f.within(tolerance)).toList();
    }

    /** A multi-line summary naming every difference beyond {@code tolerance}. */
    public String summary(double tolerance) {
      StringBuilder sb = new StringBuilder();
      counts.forEach((k, v) -> sb.append("count ").append(k).append(": ours ").append(v[0]).append(", reference ").append(v[1]).append('\n'));
      names.forEach((k, v) -> sb.append("names ").append(k).append(": ").append(v).append('\n'));
      for (FieldDiff f : failing(tolerance)) sb.append(f).append('\n');
      return sb.isEmpty() ? "equal within " + tolerance : sb.toString();
    }
  }

  /** Compares {@code ours} with {@code reference}. */
  public static Report compare(MjModel ours, MjModel reference) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    count(counts, "nq", ours.nq(), reference.nq());
    count(counts, "nv", ours.nv(), reference.nv());
    count(counts, "nu", ours.nu(), reference.nu());
    count(counts, "na", ours.na(), reference.na());
    count(counts, "nbody", ours.nbody(), reference.nbody());
    count(counts, "njnt", ours.njnt(), reference.njnt());
    count(counts, "ngeom", ours.ngeom(), reference.ngeom());
    count(counts, "nsite", ours.nsite(), reference.nsite());
    count(counts, "ncam", ours.ncam(), reference.ncam());
    count(counts, "nlight", ours.nlight(), reference.nlight());
    count(counts, "nmesh", ours.nmesh(), reference.nmesh());
    count(counts, "nmat", ours.nmat(), reference.nmat());
    count(counts, "ntex", ours.ntex(), reference.ntex());
    count(counts, "neq", ours.neq(), reference.neq());
    count(counts, "nsensor", ours.nsensor(), reference.nsensor());
    count(counts, "ntendon", ours.ntendon(), reference.ntendon());
    count(counts, "nexclude", ours.nexclude(), reference.nexclude());
    count(counts, "npair", ours.npair(), reference.npair());

    Map<String, String> names = new LinkedHashMap<>();
    for (MjObj t : MjObj.values()) {
      List<String> a = allNames(ours, t);
      List<String> b = allNames(reference, t);
      if (!a.equals(b)) {
        int i = 0;
        while (i < Math.min(a.size(), b.size()) && a.get(i).equals(b.get(i))) i++;
        names.put(t.name().toLowerCase(), "first difference at id " + i + ": ours '" + (i < a.size() ? a.get(i) : "<none>")
            + "', reference '" + (i < b.size() ? b.get(i) : "<none>") + "' (" + a.size() + " vs " + b.size() + ")");
      }
    }

    List<FieldDiff> fields = new ArrayList<>();
    for (MjModelArray f : MjModelArray.values()) fields.add(diff(f.member(), ours.values(f), reference.values(f)));
    fields.add(diff("opt.timestep", new double[] {ours.timestep()}, new double[] {reference.timestep()}));
    fields.add(diff("opt.gravity", ours.gravity(), reference.gravity()));
    fields.add(diff("opt.impratio", new double[] {ours.impratio()}, new double[] {reference.impratio()}));
    fields.add(diff("opt.density", new double[] {ours.density()}, new double[] {reference.density()}));
    fields.add(diff("opt.viscosity", new double[] {ours.viscosity()}, new double[] {reference.viscosity()}));
    fields.add(diff("opt.tolerance", new double[] {ours.tolerance()}, new double[] {reference.tolerance()}));
    fields.add(diff("opt.cone/integrator/solver/iterations", new double[] {ours.cone(), ours.integrator(), ours.solver(), ours.iterations()},
        new double[] {reference.cone(), reference.integrator(), reference.solver(), reference.iterations()}));
    fields.add(diff("vis.map.znear", new double[] {ours.znear()}, new double[] {reference.znear()}));
    return new Report(counts, names, fields);
  }

  private static void count(Map<String, int[]> out, String name, int a, int b) {
    if (a != b) out.put(name, new int[] {a, b});
  }

  private static List<String> allNames(MjModel m, MjObj t) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < m.count(t); i++) out.add(m.name(t, i));
    return out;
  }

  private static FieldDiff diff(String name, double[] a, double[] b) {
    if (a.length != b.length) return new FieldDiff(name, false, Double.NaN, -1);
    double worst = 0;
    int at = -1;
    for (int i = 0; i < a.length; i++) {
      double d = Math.abs(a[i] - b[i]);
      if (Double.isNaN(d) && !(Double.isNaN(a[i]) && Double.isNaN(b[i]))) d = Double.POSITIVE_INFINITY;
      if (d > worst || (at < 0 && d == worst)) {
        worst = d;
        at = i;
      }
    }
    return new FieldDiff(name, true, worst, at);
  }

  private static final Pattern FILE_ATTR = Pattern.compile("file=\"([^\"]+)\"");

  /**
   * Compiles a reference scene MJCF ({@code reference/<suite>/scenes/task_<i>.xml}, file paths relative to
   * its folder) from its text, with those paths made absolute.
   *
   * @throws IllegalArgumentException if it does not compile
   */
  public static MjModel compileReference(Path sceneXml) {
    String xml;
    try {
      xml = Files.readString(sceneXml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + sceneXml, e);
    }
    Path dir = sceneXml.toAbsolutePath().getParent();
    Matcher m = FILE_ATTR.matcher(xml);
    StringBuilder sb = new StringBuilder();
    while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement("file=\"" + dir.resolve(m.group(1)).normalize() + "\""));
    m.appendTail(sb);
    return MjModel.fromXml(sb.toString());
  }
}
