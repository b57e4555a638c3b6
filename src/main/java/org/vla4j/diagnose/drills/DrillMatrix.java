package org.vla4j.diagnose.drills;

import org.vla4j.runlog.JsonFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vla4j.diagnose.predicates.FailurePredicate;
import org.vla4j.diagnose.predicates.PredicateThresholds;
import org.vla4j.diagnose.predicates.Verdict;

/**
 * The 4×3 drill matrix of one init state: rows are the four runs ({@link Drill#all()} order), columns
 * the three failure predicates ({@link #PREDICATES}), each cell fired or not. The drills pass when
 * every tagged run fires exactly its own predicate and the baseline fires none.
 *
 * @param initState the init state all four runs started from
 * @param runs the four runs, one per {@link Drill}, in {@link Drill#all()} order
 */
public record DrillMatrix(int initState, List<DrillRun> runs) {
  /** Column order: the predicates' names in {@link FailurePredicate#all} order (BAD_PROMPT, BAD_UNNORM, NO_FLIP). */
  public static final List<String> PREDICATES =
      FailurePredicate.all(PredicateThresholds.DEFAULT).stream().map(FailurePredicate::name).toList();

  /** @throws IllegalArgumentException unless {@code runs} holds each drill once, in order, all from {@code initState} */
  public DrillMatrix {
    runs = List.copyOf(runs);
    List<Drill> drills = runs.stream().map(DrillRun::drill).toList();
    if (!drills.equals(Drill.all())) {
      throw new IllegalArgumentException("a drill matrix needs the runs " + Drill.all() + " in that order, got " + drills);
    }
    for (DrillRun r : runs) {
      if (r.initState() != initState) {
        throw new IllegalArgumentException("run " + r.drill().tag() + " is from init state " + r.initState() + ", not " + initState);
      }
    }
  }

  /** The run of {@code drill}. */
  public DrillRun run(Drill drill) {
    return runs.get(drill.ordinal());
  }

  /** Whether every tagged run fires exactly its own predicate and the baseline none. */
  public boolean passed() {
    return runs.stream().allMatch(DrillRun::matches);
  }

  /** One phrase per run that does not match ({@link DrillRun#mismatch()}), in row order; empty when {@link #passed()}. */
  public List<String> mismatches() {
    return runs.stream().filter(r -> !r.matches()).map(DrillRun::mismatch).toList();
  }

  /**
   * The matrix as text, lines ending in {@code \n}: a header, then one row per run with a cell per
   * predicate ({@code FIRED} or {@code -}), the run's success and policy steps, the expected predicate
   * and {@code ok} or {@code MISMATCH}.
   */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-11s", "run"));
    for (String p : PREDICATES) sb.append(String.format(Locale.ROOT, " %-11s", p));
    sb.append(String.format(Locale.ROOT, " %-7s %5s  %-11s %s%n", "success", "steps", "expected", "match"));
    for (DrillRun r : runs) {
      sb.append(String.format(Locale.ROOT, "%-11s", r.drill().tag()));
      for (String p : PREDICATES) sb.append(String.format(Locale.ROOT, " %-11s", r.fired(p) ? "FIRED" : "-"));
      sb.append(String.format(Locale.ROOT, " %-7s %5d  %-11s %s%n", r.success() ? "yes" : "no", r.steps(),
          r.drill().expectedPredicate().orElse("none"), r.matches() ? "ok" : "MISMATCH"));
    }
    return sb.toString();
  }

  /** Every verdict's evidence, one line per run and predicate ({@code run  PREDICATE  evidence}), lines ending in {@code \n}. */
  public String evidence() {
    StringBuilder sb = new StringBuilder();
    for (DrillRun r : runs) {
      for (Verdict v : r.diagnosis().verdicts()) {
        sb.append(String.format(Locale.ROOT, "%-11s %-11s %s%n", r.drill().tag(), v.predicate(), v.evidence()));
      }
    }
    return sb.toString();
  }

  /**
   * The matrix as JSON: {@code init_state}, {@code passed}, {@code mismatches} (string[]), and
   * {@code runs}: per run {@code tag}, {@code toggle}, {@code file}, {@code success}, {@code steps},
   * {@code failure_reason}, {@code expected} (predicate name or null), {@code fired} (names),
   * {@code match}, and {@code predicates}: per predicate {@code fired}, {@code evidence} and
   * {@code numbers} (the verdict's measured quantities).
   */
  public ObjectNode toJson() {
    ObjectMapper m = JsonFiles.MAPPER;
    ObjectNode n = m.createObjectNode();
    n.put("init_state", initState);
    n.put("passed", passed());
    ArrayNode mm = n.putArray("mismatches");
    mismatches().forEach(mm::add);
    ArrayNode rs = n.putArray("runs");
    for (DrillRun r : runs) {
      ObjectNode o = rs.addObject();
      o.put("tag", r.drill().tag());
      o.put("toggle", r.drill().toggle().wireName());
      o.put("file", r.drill().fileName());
      o.put("success", r.success());
      o.put("steps", r.steps());
      o.put("failure_reason", r.failureReason());
      o.put("expected", r.drill().expectedPredicate().orElse(null));
      ArrayNode fired = o.putArray("fired");
      r.diagnosis().fired().forEach(fired::add);
      o.put("match", r.matches());
      ObjectNode ps = o.putObject("predicates");
      for (Verdict v : r.diagnosis().verdicts()) {
        ObjectNode p = ps.putObject(v.predicate());
        p.put("fired", v.fired());
        p.put("evidence", v.evidence());
        ObjectNode num = p.putObject("numbers");
        for (Map.Entry<String, Double> e : v.numbers().entrySet()) num.put(e.getKey(), e.getValue());
      }
    }
    return n;
  }

  /** The mismatches of several matrices, each prefixed with its init state ({@code init state 3: …}). */
  public static List<String> mismatches(List<DrillMatrix> matrices) {
    List<String> out = new ArrayList<>();
    for (DrillMatrix x : matrices) for (String s : x.mismatches()) out.add("init state " + x.initState() + ": " + s);
    return out;
  }
}
