package org.vla4j.diagnose.drills;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.vla4j.diagnose.predicates.TrajectoryStats;
import org.vla4j.runlog.LogLines;

/**
 * The calibration helper's view of drill runs: per run, the numbers the failure predicates read
 * ({@link TrajectoryStats}, exactly as the predicates computed them), so that thresholds can be chosen
 * from data. Rows are grouped by drill (matrix order), then by init state (request order).
 */
public final class DrillFeatures {
  /** The columns of {@code features.csv}, in order. */
  public static final List<String> COLUMNS = List.of("tag", "init_state", "success", "steps", "failure_reason",
      "median_translation", "mode_fraction", "distinct_actions", "saturated_fraction", "gripper_closes", "gripper_flips",
      "non_finite_actions", "img_mean_range", "mean_rotation", "pinned_fraction", "fired");

  private DrillFeatures() {}

  /**
   * {@code features.csv}: a header ({@link #COLUMNS}), then one line per run. Reals have 4 decimals
   * ({@link LogLines#fixed4}); {@code success} is {@code true}/{@code false}; {@code failure_reason} is
   * empty on success; {@code fired} joins the fired predicates with {@code ;} ({@code none} if none).
   * Lines end with {@code \n}.
   */
  public static String csv(List<DrillMatrix> matrices) {
    StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (DrillRun r : byDrill(matrices)) {
      TrajectoryStats s = r.stats();
      sb.append(String.join(",", r.drill().tag(), String.valueOf(r.initState()), String.valueOf(r.success()),
          String.valueOf(r.steps()), r.failureReason() == null ? "" : r.failureReason(), LogLines.fixed4(s.medianTranslation()),
          LogLines.fixed4(s.modeFraction()), String.valueOf(s.distinctActions()), LogLines.fixed4(s.saturatedFraction()),
          String.valueOf(s.gripperCloses()), String.valueOf(s.gripperFlips()), String.valueOf(s.nonFiniteActions()),
          LogLines.fixed4(s.imgMeanRange()), LogLines.fixed4(s.meanRotation()), LogLines.fixed4(s.pinnedFraction()),
          fired(r, ";"))).append('\n');
    }
    return sb.toString();
  }

  /**
   * The same numbers as a text table per drill: one row per init state, then the minimum and maximum
   * of each column over the drill's runs. Lines end with {@code \n}.
   */
  public static String table(List<DrillMatrix> matrices) {
    String head = String.format(Locale.ROOT, "  %-5s %-7s %5s %10s %9s %8s %9s %6s %5s %9s %8s %8s  %s%n", "is", "success",
        "steps", "med_transl", "mode_frac", "distinct", "sat_frac", "closes", "flips", "img_range", "mean_rot", "pinned", "fired");
    StringBuilder sb = new StringBuilder();
    List<DrillRun> all = byDrill(matrices);
    for (Drill d : Drill.all()) {
      List<DrillRun> rs = all.stream().filter(r -> r.drill() == d).toList();
      sb.append(d.tag()).append(" (").append(d.expectedPredicate().map(p -> "should fire " + p).orElse("should fire none"))
          .append(")\n").append(head);
      for (DrillRun r : rs) {
        TrajectoryStats s = r.stats();
        sb.append(String.format(Locale.ROOT, "  %-5d %-7s %5d %10.4f %9.4f %8d %9.4f %6d %5d %9.4f %8.4f %8.4f  %s%n",
            r.initState(), r.success() ? "yes" : "no", r.steps(), s.medianTranslation(), s.modeFraction(), s.distinctActions(),
            s.saturatedFraction(), s.gripperCloses(), s.gripperFlips(), s.imgMeanRange(), s.meanRotation(), s.pinnedFraction(),
            fired(r, " ")));
      }
      if (rs.size() > 1) {
        for (String what : List.of("min", "max")) {
          boolean min = what.equals("min");
          sb.append(String.format(Locale.ROOT, "  %-5s %-7s %5.0f %10.4f %9.4f %8.0f %9.4f %6.0f %5.0f %9.4f %8.4f %8.4f%n", what, "",
              extreme(rs, r -> r.steps(), min), extreme(rs, r -> r.stats().medianTranslation(), min),
              extreme(rs, r -> r.stats().modeFraction(), min), extreme(rs, r -> r.stats().distinctActions(), min),
              extreme(rs, r -> r.stats().saturatedFraction(), min), extreme(rs, r -> r.stats().gripperCloses(), min),
              extreme(rs, r -> r.stats().gripperFlips(), min), extreme(rs, r -> r.stats().imgMeanRange(), min),
              extreme(rs, r -> r.stats().meanRotation(), min), extreme(rs, r -> r.stats().pinnedFraction(), min)));
        }
      }
    }
    return sb.toString();
  }

  private static List<DrillRun> byDrill(List<DrillMatrix> matrices) {
    List<DrillRun> out = new ArrayList<>();
    for (Drill d : Drill.all()) for (DrillMatrix m : matrices) out.add(m.run(d));
    return out;
  }

  private static String fired(DrillRun r, String sep) {
    List<String> f = r.diagnosis().fired();
    return f.isEmpty() ? "none" : String.join(sep, f);
  }

  private static double extreme(List<DrillRun> rs, ToDoubleFunction<DrillRun> f, boolean min) {
    double[] v = rs.stream().mapToDouble(f).toArray();
    return min ? Arrays.stream(v).min().orElse(Double.NaN) : Arrays.stream(v).max().orElse(Double.NaN);
  }
}
