package org.vla4j.diagnose.predicates;

import org.vla4j.runlog.StepRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A test over the {@code action} and {@code img_mean} columns of an episode's steps (or a window of
 * them) for the symptom of one known failure of a VLA's pre- or post-processing. The set is closed:
 * one predicate per failure drill ({@code no_flip}, {@code bad_prompt}, {@code bad_unnorm}).
 *
 * <p>No predicate fires on fewer than {@link PredicateThresholds#minSteps()} policy steps (too little
 * evidence). Wait steps are ignored.
 */
public sealed interface FailurePredicate {

  /** The predicate's name, e.g. {@code BAD_PROMPT}. */
  String name();

  /** The monitor name used in {@code monitor.jsonl} and failure reasons, e.g. {@code bad_prompt}. */
  default String monitorName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Evaluates the predicate on {@code rows} (steps of one episode, in order; may be a window). */
  default Verdict evaluate(List<StepRow> rows) {
    return evaluate(TrajectoryStats.of(rows, thresholds()));
  }

  /** Evaluates the predicate on precomputed numbers (computed with this predicate's saturation level). */
  Verdict evaluate(TrajectoryStats s);

  /** The thresholds it uses. */
  PredicateThresholds thresholds();

  /** The three predicates with the given thresholds, in the order BAD_PROMPT, BAD_UNNORM, NO_FLIP. */
  static List<FailurePredicate> all(PredicateThresholds t) {
    return List.of(new BadPrompt(t), new BadUnnorm(t), new NoFlip(t));
  }

  /**
   * The wrong prompt (a template the model was not trained on): the model does not recognise the
   * task. OpenVLA then barely moves or emits one action over and over; tiny-vla instead emits large
   * rotations its expert never made. Fires when the median translation norm is below
   * {@code minMedianTranslation}, the most frequent action is more than {@code maxModeFraction} of the
   * steps, or the mean rotation norm exceeds {@code maxMeanRotation}; not when the actions are
   * off-scale (BAD_UNNORM: wrong statistics scale rotations too).
   */
  record BadPrompt(PredicateThresholds thresholds) implements FailurePredicate {
    @Override
    public String name() {
      return "BAD_PROMPT";
    }

    @Override
    public Verdict evaluate(TrajectoryStats s) {
      PredicateThresholds t = thresholds;
      Map<String, Double> num = numbers(s);
      num.put("median_translation", s.medianTranslation());
      num.put("mode_fraction", s.modeFraction());
      num.put("distinct_actions", (double) s.distinctActions());
      num.put("mean_rotation", s.meanRotation());
      if (s.policySteps() < t.minSteps()) return tooFew(name(), s, t, num);
      boolean still = s.medianTranslation() < t.minMedianTranslation();
      boolean collapsed = s.modeFraction() > t.maxModeFraction();
      boolean offScale = BadUnnorm.fires(s, t);
      boolean twisting = s.meanRotation() > t.maxMeanRotation() && !offScale;
      String ev = String.format(Locale.ROOT,
          "median |translation| %.4f (%s %.4f), most frequent action %.1f%% of steps (%s %.1f%%), %d distinct actions, mean |rotation| %.4f (%s %.4f%s)",
          s.medianTranslation(), still ? "<" : ">=", t.minMedianTranslation(), 100 * s.modeFraction(),
          collapsed ? ">" : "<=", 100 * t.maxModeFraction(), s.distinctActions(), s.meanRotation(),
          s.meanRotation() > t.maxMeanRotation() ? ">" : "<=", t.maxMeanRotation(), offScale ? ", but actions off-scale" : "");
      List<String> why = new java.util.ArrayList<>();
      if (still) why.add("near-zero translation");
      if (collapsed) why.add("mode-collapsed actions");
      if (twisting) why.add("rotations the policy was never taught");
      return new Verdict(name(), fires(s, t), (why.isEmpty() ? "" : String.join(" and ", why) + ": ") + ev, num);
    }

    /** The verdict alone, without its evidence (enough steps assumed). */
    static boolean fires(TrajectoryStats s, PredicateThresholds t) {
      return s.medianTranslation() < t.minMedianTranslation() || s.modeFraction() > t.maxModeFraction()
          || s.meanRotation() > t.maxMeanRotation() && !BadUnnorm.fires(s, t);
    }
  }

  /**
   * The wrong unnormalization statistics ({@code unnorm_key}): actions come out off-scale, so
   * translation components sit at the ±1 clip limit far more often than the embodiment uses. Fires
   * when more than {@code maxSaturatedFraction} of the steps have |dx|, |dy| or |dz| ≥
   * {@code saturationLevel}.
   */
  record BadUnnorm(PredicateThresholds thresholds) implements FailurePredicate {
    @Override
    public String name() {
      return "BAD_UNNORM";
    }

    @Override
    public Verdict evaluate(TrajectoryStats s) {
      PredicateThresholds t = thresholds;
      Map<String, Double> num = numbers(s);
      num.put("saturated_fraction", s.saturatedFraction());
      num.put("median_translation", s.medianTranslation());
      if (s.policySteps() < t.minSteps()) return tooFew(name(), s, t, num);
      boolean fired = fires(s, t);
      String ev = String.format(Locale.ROOT, "%s%.1f%% of steps have a translation component at |x| >= %.3f (%s %.1f%%)",
          fired ? "off-scale translation: " : "", 100 * s.saturatedFraction(), t.saturationLevel(), fired ? ">" : "<=",
          100 * t.maxSaturatedFraction());
      return new Verdict(name(), fired, ev, num);
    }

    /** The verdict alone, without its evidence (enough steps assumed). */
    static boolean fires(TrajectoryStats s, PredicateThresholds t) {
      return s.saturatedFraction() > t.maxSaturatedFraction();
    }
  }

  /**
   * The image not rotated the way the model was trained (no 180° flip): the model sees a scene it
   * does not recognise. Diagnosis by elimination: fires when the episode did not succeed, neither
   * BAD_PROMPT nor BAD_UNNORM fires, and the trajectory has the shape of a lost policy: more than
   * {@code maxPinnedFraction} of steps pinned at a corner of the translation range (tiny-vla drives
   * into the workspace limits), or, when {@code minGripperCloses} ≥ 1, that many gripper closes
   * (OpenVLA's repeated grasps).
   */
  record NoFlip(PredicateThresholds thresholds) implements FailurePredicate {
    @Override
    public String name() {
      return "NO_FLIP";
    }

    @Override
    public Verdict evaluate(TrajectoryStats s) {
      PredicateThresholds t = thresholds;
      Map<String, Double> num = numbers(s);
      num.put("gripper_closes", (double) s.gripperCloses());
      num.put("succeeded", s.succeeded() ? 1.0 : 0.0);
      num.put("pinned_fraction", s.pinnedFraction());
      if (s.policySteps() < t.minSteps()) return tooFew(name(), s, t, num);
      boolean otherCause = BadPrompt.fires(s, t) || BadUnnorm.fires(s, t);
      boolean pinned = s.pinnedFraction() > t.maxPinnedFraction();
      boolean cycling = t.minGripperCloses() >= 1 && s.gripperCloses() >= t.minGripperCloses();
      boolean fired = !s.succeeded() && !otherCause && (pinned || cycling);
      String ev = String.format(Locale.ROOT, "%s%s, %s, %.1f%% of steps pinned at the translation range's corners (%s %.1f%%), gripper closed %d times%s",
          fired ? "no progress, no other cause, " + (pinned ? "translation pinned at the range limits" : "repeated grasps") + ": " : "",
          s.succeeded() ? "succeeded" : "no success", otherCause ? "another predicate fires (see BAD_PROMPT/BAD_UNNORM)" : "no other predicate fires",
          100 * s.pinnedFraction(), pinned ? ">" : "<=", 100 * t.maxPinnedFraction(), s.gripperCloses(),
          t.minGripperCloses() >= 1 ? String.format(Locale.ROOT, " (%s %d)", cycling ? ">=" : "<", t.minGripperCloses()) : "");
      return new Verdict(name(), fired, ev, num);
    }
  }

  private static Map<String, Double> numbers(TrajectoryStats s) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("policy_steps", (double) s.policySteps());
    return m;
  }

  private static Verdict tooFew(String name, TrajectoryStats s, PredicateThresholds t, Map<String, Double> num) {
    return new Verdict(name, false, "too few policy steps to judge: " + s.policySteps() + " < " + t.minSteps(), num);
  }
}
