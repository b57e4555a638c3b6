package org.vla4j.eval.stats;

import java.util.Locale;
/**
 * Compares a measured success rate with a published one ({@code sweep --compare-to 88.4}).
 * Within ±3 points: consistent. More than 5 points below: a bug until proven otherwise (the usual
 * causes are silent pre/post-processing mismatches). Anything else is reported with its distance.
 *
 * @param measured the measured rate
 * @param referencePercent the published rate, percent in [0, 100]
 * @param differencePoints measured − reference, percentage points
 * @param verdict {@code CONSISTENT}, {@code BELOW} (more than 5 points below), or {@code OFF} (otherwise)
 */
public record ReferenceCheck(Proportion measured, double referencePercent, double differencePoints, Kind verdict) {
  /** The three outcomes. */
  public enum Kind { CONSISTENT, OFF, BELOW }

  /** @throws IllegalArgumentException if the reference is outside [0, 100] */
  public static ReferenceCheck of(Proportion measured, double referencePercent) {
    if (!(referencePercent >= 0 && referencePercent <= 100)) {
      throw new IllegalArgumentException("--compare-to must be a success rate in percent, 0..100, got " + referencePercent);
    }
    double d = 100 * measured.successRate() - referencePercent;
    Kind k = Math.abs(d) <= 3 ? Kind.CONSISTENT : d < -5 ? Kind.BELOW : Kind.OFF;
    return new ReferenceCheck(measured, referencePercent, d, k);
  }

  /** One line for people. */
  public String describe() {
    Proportion.Interval w = measured.wilson95();
    String base = String.format(Locale.ROOT, "measured %.1f%% (Wilson 95%% [%.1f, %.1f]) vs reference %.1f%%: %+.1f points",
        100 * measured.successRate(), 100 * w.lo(), 100 * w.hi(), referencePercent, differencePoints);
    return base + switch (verdict) {
      case CONSISTENT -> " - within 3 points: consistent";
      case BELOW -> " - more than 5 points below: a bug until proven otherwise (check image flip, prompt, unnorm_key)";
      case OFF -> " - outside 3 points but not more than 5 below: look closer (more episodes?)";
    };
  }
}
