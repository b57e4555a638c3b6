package org.vla4j.eval.predicates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * The thresholds of the failure predicates. The defaults are provisional, set from the scripted
 * expert's steps (suite {@code object}, demo run: per episode, median ‖(dx,dy,dz)‖ 0.70–0.74, 5–18 %
 * of steps with a saturated translation component, the most frequent action ≤ 7 % of steps, one
 * gripper close) so that healthy trajectories stay well clear of every threshold; they are meant to
 * be calibrated on drill data of the trained VLA and then loaded with {@link #load}.
 *
 * @param minSteps policy steps (wait steps excluded) needed before any predicate may fire, ≥ 1 (default 20)
 * @param minMedianTranslation BAD_PROMPT fires when the median translation norm ‖(dx,dy,dz)‖ of the
 *     policy steps is below this, normalized units in [0, √3] (default 0.05: near-zero motion)
 * @param maxModeFraction BAD_PROMPT also fires when the single most frequent action (compared at the
 *     log's 4 decimals) makes up more than this fraction of the policy steps, in (0, 1] (default 0.5:
 *     mode collapse)
 * @param saturationLevel a translation component counts as saturated when |value| ≥ this, in (0, 1]
 *     (default 0.999: at the clip limit ±1)
 * @param maxSaturatedFraction BAD_UNNORM fires when more than this fraction of policy steps has a
 *     saturated dx, dy or dz, in [0, 1] (default 0.4; the expert reaches at most 0.18)
 * @param minGripperCloses NO_FLIP needs at least this many gripper closes (opening → closing), ≥ 1
 *     (default 2: repeated grasp attempts)
 */
public record PredicateThresholds(
    int minSteps, double minMedianTranslation, double maxModeFraction, double saturationLevel,
    double maxSaturatedFraction, int minGripperCloses) {

  /** The documented defaults. */
  public static final PredicateThresholds DEFAULT = new PredicateThresholds(20, 0.05, 0.5, 0.999, 0.4, 2);

  private static final List<String> KEYS = List.of("min_steps", "min_median_translation", "max_mode_fraction",
      "saturation_level", "max_saturated_fraction", "min_gripper_closes");

  /** @throws IllegalArgumentException if a value is outside its documented range */
  public PredicateThresholds {
    if (minSteps < 1) throw new IllegalArgumentException("min_steps must be >= 1, got " + minSteps);
    if (!(minMedianTranslation >= 0 && minMedianTranslation <= Math.sqrt(3))) {
      throw new IllegalArgumentException("min_median_translation must be in [0, 1.732], got " + minMedianTranslation);
    }
    if (!(maxModeFraction > 0 && maxModeFraction <= 1)) {
      throw new IllegalArgumentException("max_mode_fraction must be in (0, 1], got " + maxModeFraction);
    }
    if (!(saturationLevel > 0 && saturationLevel <= 1)) {
      throw new IllegalArgumentException("saturation_level must be in (0, 1], got " + saturationLevel);
    }
    if (!(maxSaturatedFraction >= 0 && maxSaturatedFraction <= 1)) {
      throw new IllegalArgumentException("max_saturated_fraction must be in [0, 1], got " + maxSaturatedFraction);
    }
    if (minGripperCloses < 1) throw new IllegalArgumentException("min_gripper_closes must be >= 1, got " + minGripperCloses);
  }

  /**
   * Reads thresholds from a JSON object with any of the keys {@code min_steps, min_median_translation,
   * max_mode_fraction, saturation_level, max_saturated_fraction, min_gripper_closes}; missing keys keep
   * their defaults.
   *
   * @throws IllegalArgumentException if the file is unreadable, not a JSON object, has an unknown key
   *     (the message lists the valid ones) or a value out of range
   */
  public static PredicateThresholds load(Path file) {
    JsonNode n;
    try {
      n = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read thresholds file " + file + ": " + e.getMessage(), e);
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
        n.path("saturation_level").asDouble(d.saturationLevel),
        n.path("max_saturated_fraction").asDouble(d.maxSaturatedFraction),
        n.path("min_gripper_closes").asInt(d.minGripperCloses));
  }

  /** These thresholds as the JSON object {@link #load} reads. */
  public ObjectNode toJson() {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("min_steps", minSteps);
    n.put("min_median_translation", minMedianTranslation);
    n.put("max_mode_fraction", maxModeFraction);
    n.put("saturation_level", saturationLevel);
    n.put("max_saturated_fraction", maxSaturatedFraction);
    n.put("min_gripper_closes", minGripperCloses);
    return n;
  }
}
