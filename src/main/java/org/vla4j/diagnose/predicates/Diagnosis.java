package org.vla4j.diagnose.predicates;

import org.vla4j.runlog.StepRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates every failure predicate on the steps of one episode and formats the answer as a table
 * (what {@code vla4j diagnose} prints).
 *
 * @param episode the episode the steps belong to
 * @param policySteps number of policy (non-wait) steps
 * @param verdicts one per predicate, in the order of {@link FailurePredicate#all}
 */
public record Diagnosis(int episode, int policySteps, List<Verdict> verdicts) {
  public Diagnosis {
    verdicts = List.copyOf(verdicts);
  }

  /** Diagnoses {@code rows} (one episode's steps, in order) with the thresholds {@code t}. */
  public static Diagnosis of(int episode, List<StepRow> rows, PredicateThresholds t) {
    return of(episode, TrajectoryStats.of(rows, t), t);
  }

  /** Diagnoses an episode from its numbers {@code s}, computed with the same thresholds {@code t}. */
  public static Diagnosis of(int episode, TrajectoryStats s, PredicateThresholds t) {
    List<Verdict> v = new ArrayList<>();
    for (FailurePredicate p : FailurePredicate.all(t)) v.add(p.evaluate(s));
    return new Diagnosis(episode, s.policySteps(), v);
  }

  /** The names of the predicates that fired. */
  public List<String> fired() {
    return verdicts.stream().filter(Verdict::fired).map(Verdict::predicate).toList();
  }

  /** A table: one row per predicate (name, FIRED or -, evidence); lines end with {@code \n}. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "episode %d (%d policy steps)%n", episode, policySteps));
    sb.append(String.format(Locale.ROOT, "%-11s %-6s %s%n", "predicate", "fired", "evidence"));
    for (Verdict v : verdicts) {
      sb.append(String.format(Locale.ROOT, "%-11s %-6s %s%n", v.predicate(), v.fired() ? "FIRED" : "-", v.evidence()));
    }
    return sb.toString();
  }
}
