package org.vla4j.diagnose.predicates;

import org.vla4j.runlog.JsonFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * The thresholds of the failure predicates, calibrated on drill data of the shipped VLA (task 0,
 * init states 0–9, `vla4j drills --task 0 --init-states 0-9`, docs/RESULTS.md) and checked on held-out
 * drills (task 5, init states 0–4). Each predicate tests OpenVLA's reported symptom where one exists
 * and the symptom the calibration found in our model; a threshold sits in the gap between the drill
 * that should fire and every other run. The ranges below are the shipped model's drills:
 *
 * @param minSteps policy steps (wait steps excluded) needed before any predicate may fire, ≥ 1 (default 20)
 * @param minMedianTranslation BAD_PROMPT fires when the median translation norm ‖(dx,dy,dz)‖ of the
 *     policy steps is below this, normalized units in [0, √3] (default 0.05: OpenVLA's near-zero
 *     motion; our runs stay ≥ 0.34, the baseline ≥ 0.70)
 * @param maxModeFraction BAD_PROMPT also fires when the single most frequent action (compared at the
 *     log's 4 decimals) makes up more than this fraction of the policy steps, in (0, 1] (default 0.6:
 *     OpenVLA's mode collapse; our runs reach ≤ 0.43 on task 0, baseline ≤ 0.12; one held-out no_flip
 *     run of task 5 reaches 0.58, which 0.5 would name BAD_PROMPT)
 * @param maxMeanRotation BAD_PROMPT also fires when the mean rotation norm ‖(rx,ry,rz)‖ exceeds this,
 *     normalized units ≥ 0 (default 0.22: tiny-vla under the rephrased prompt emits rotations the
 *     expert never made, 0.246–0.48, against ≤ 0.063 for the baseline and ≤ 0.18 under no_flip but
 *     for one task-0 run at 0.35, which this test names BAD_PROMPT; bad_unnorm runs reach 0.23 but are
 *     off-scale, which BAD_PROMPT defers to)
 * @param saturationLevel a translation component counts as saturated (off-scale) when |value| ≥ this,
 *     in (0, 10] (default {@link ActionOvershoot#TOLERATED} = 1.5: beyond the overshoot a continuous head makes on
 *     clean runs, which the controller clips; a bin-token head and the scripted expert stay inside [−1, 1], a
 *     wrong unnorm_key reaches about 4; was 1.0001, which fired on 211 of 500 clean episodes of tiny-vla-oft)
 * @param maxSaturatedFraction BAD_UNNORM fires when more than this fraction of policy steps has a
 *     saturated dx, dy or dz, in [0, 1] (default 0.2: 0.82–0.96 under bad_unnorm, 0 in every other run)
 * @param pinnedLevel a step is pinned when |dx|, |dy| and |dz| are all ≥ this, in (0, 1] (default 0.99:
 *     the largest bins)
 * @param maxPinnedFraction NO_FLIP fires (by elimination, see {@link FailurePredicate.NoFlip}) when
 *     more than this fraction of policy steps is pinned, in [0, 1] (default 0.15: 0.52–1.00 under
 *     no_flip, ≤ 0.04 for the baseline; wrong-prompt runs are pinned too, up to 0.92, but BAD_PROMPT
 *     fires there first)
 * @param minGripperCloses NO_FLIP also fires on at least this many gripper closes (opening → closing),
 *     OpenVLA's "repeated grasps" symptom; 0 switches it off, ≥ 0 (default 0: the baseline re-grasps
 *     up to 16 times on task 0, as often as some no_flip runs)
 */
public record PredicateThresholds(
    int minSteps, double minMedianTranslation, double maxModeFraction, double maxMeanRotation, double saturationLevel,
    double maxSaturatedFraction, double pinnedLevel, double maxPinnedFraction, int minGripperCloses) {

  /** The documented defaults. */
  public static final PredicateThresholds DEFAULT = new PredicateThresholds(20, 0.05, 0.6, 0.22, ActionOvershoot.TOLERATED, 0.2, 0.99, 0.15, 0);

  private static final List<String> KEYS = List.of("min_steps", "min_median_translation", "max_mode_fraction",
      "max_mean_rotation", "saturation_level", "max_saturated_fraction", "pinned_level", "max_pinned_fraction",
      "min_gripper_closes");

  /** @throws IllegalArgumentException if a value is outside its documented range */
  public PredicateThresholds {
    if (minSteps < 1) throw new IllegalArgumentException("min_steps must be >= 1, got " + minSteps);
    if (!(minMedianTranslation >= 0 && minMedianTranslation <= Math.sqrt(3))) {
      throw new IllegalArgumentException("min_median_translation must be in [0, 1.732], got " + minMedianTranslation);
    }
    if (!(maxModeFraction > 0 && maxModeFraction <= 1)) {
      throw new IllegalArgumentException("max_mode_fraction must be in (0, 1], got " + maxModeFraction);
    }
    if (!(saturationLevel > 0 && saturationLevel <= 10)) {
      throw new IllegalArgumentException("saturation_level must be in (0, 10], got " + saturationLevel);
    }
    if (!(maxSaturatedFraction >= 0 && maxSaturatedFraction <= 1)) {
      throw new IllegalArgumentException("max_saturated_fraction must be in [0, 1], got " + maxSaturatedFraction);
    }
    if (!(maxMeanRotation >= 0)) throw new IllegalArgumentException("max_mean_rotation must be >= 0, got " + maxMeanRotation);
    if (!(pinnedLevel > 0 && pinnedLevel <= 1)) throw new IllegalArgumentException("pinned_level must be in (0, 1], got " + pinnedLevel);
    if (!(maxPinnedFraction >= 0 && maxPinnedFraction <= 1)) {
      throw new IllegalArgumentException("max_pinned_fraction must be in [0, 1], got " + maxPinnedFraction);
    }
    if (minGripperCloses < 0) throw new IllegalArgumentException("min_gripper_closes must be >= 0 (0 = off), got " + minGripperCloses);
  }

  /**
   * Reads thresholds from a JSON object with any of the keys {@code min_steps, min_median_translation,
   * max_mode_fraction, max_mean_rotation, saturation_level, max_saturated_fraction, pinned_level,
   * max_pinned_fraction, min_gripper_closes}; missing keys keep their defaults.
   *
   * @throws IllegalArgumentException if the file is unreadable, not a JSON object, has an unknown key
   *     (the message lists the valid ones) or a value out of range
   */
  public static PredicateThresholds load(Path file) {
    JsonNode n;
    try {
      n = JsonFiles.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read thresholds file " + file + ": " + org.vla4j.runlog.IoErrors.reason(e), e);
    }
    if (n == null || !n.isObject()) throw new IllegalArgumentException("thresholds file " + file + " must hold a JSON object");
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException("unknown key '" + k + "' in thresholds file " + file + "; valid keys: " + String.join(", ", KEYS));
      }
    }
    PredicateThresholds d = DEFAULT;
    return new PredicateThresholds(
        n.path("min_steps").asInt(d.minSteps),
        n.path("min_median_translation").asDouble(d.minMedianTranslation),
        n.path("max_mode_fraction").asDouble(d.maxModeFraction),
        n.path("max_mean_rotation").asDouble(d.maxMeanRotation),
        n.path("saturation_level").asDouble(d.saturationLevel),
        n.path("max_saturated_fraction").asDouble(d.maxSaturatedFraction),
        n.path("pinned_level").asDouble(d.pinnedLevel),
        n.path("max_pinned_fraction").asDouble(d.maxPinnedFraction),
        n.path("min_gripper_closes").asInt(d.minGripperCloses));
  }

  /** These thresholds as the JSON object {@link #load} reads. */
  public ObjectNode toJson() {
    ObjectNode n = JsonFiles.MAPPER.createObjectNode();
    n.put("min_steps", minSteps);
    n.put("min_median_translation", minMedianTranslation);
    n.put("max_mode_fraction", maxModeFraction);
    n.put("max_mean_rotation", maxMeanRotation);
    n.put("saturation_level", saturationLevel);
    n.put("max_saturated_fraction", maxSaturatedFraction);
    n.put("pinned_level", pinnedLevel);
    n.put("max_pinned_fraction", maxPinnedFraction);
    n.put("min_gripper_closes", minGripperCloses);
    return n;
  }
}
