package org.vla4j.diagnose.drills;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.vla4j.policy.steps.Fault;

/**
 * The four runs of {@code vla4j drills}: the shipped VLA as trained (baseline) and with one
 * processing step broken on purpose ({@link Fault}), each paired with the failure predicate that
 * should recognise it. The set is closed; the order is the order of the matrix rows.
 */
public enum Drill {
  /** Nothing broken: no predicate should fire. */
  BASELINE(Fault.NONE, "baseline", null),
  /** The 180° image rotation skipped: NO_FLIP should fire, alone. */
  NO_FLIP(Fault.NO_FLIP, Fault.NO_FLIP.wireName(), "NO_FLIP"),
  /** A prompt template the model was not trained with: BAD_PROMPT should fire, alone. */
  BAD_PROMPT(Fault.BAD_PROMPT, Fault.BAD_PROMPT.wireName(), "BAD_PROMPT"),
  /** The other embodiment's unnorm_key: BAD_UNNORM should fire, alone. */
  BAD_UNNORM(Fault.BAD_UNNORM, Fault.BAD_UNNORM.wireName(), "BAD_UNNORM");

  private final Fault toggle;
  private final String tag;
  private final String expected;

  Drill(Fault toggle, String tag, String expected) {
    this.toggle = toggle;
    this.tag = tag;
    this.expected = expected;
  }

  /** The toggle the run applies ({@link Fault#NONE} for the baseline). */
  public Fault toggle() {
    return toggle;
  }

  /**
   * The run's tag: the name of its JSONL file ({@code <tag>.jsonl}) and the {@code tag} of its
   * policy steps: {@code baseline}, {@code no_flip}, {@code bad_prompt} or {@code bad_unnorm}.
   */
  public String tag() {
    return tag;
  }

  /** The predicate (as {@link org.vla4j.diagnose.predicates.FailurePredicate#name()}) that should fire alone; empty for the baseline. */
  public Optional<String> expectedPredicate() {
    return Optional.ofNullable(expected);
  }

  /** The file name of the run's steps: {@code <tag>.jsonl}. */
  public String fileName() {
    return tag + ".jsonl";
  }

  /** The four drills in matrix order: baseline, no_flip, bad_prompt, bad_unnorm. */
  public static List<Drill> all() {
    return Arrays.asList(values());
  }
}
