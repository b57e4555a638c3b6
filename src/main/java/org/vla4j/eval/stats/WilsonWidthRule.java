package org.vla4j.eval.stats;

/**
 * The stopping rule of {@code eval --until-ci-width W}: stop as soon as the 95 % Wilson score
 * interval ({@link Proportion#wilson95()}) of the overall success rate is narrower than {@code W}.
 *
 * <p>The rule is checked after every episode of a fixed, seeded episode order (see
 * {@link org.vla4j.eval.plan.EpisodeOrder}), so every prefix it can stop at is a uniform random sample of the plan's
 * episodes; the stop depends on the outcomes only through the running width. The final interval's
 * coverage under this data-dependent stop is measured by {@link SequentialSimulation} (docs/RESULTS.md).
 *
 * @param targetWidth W, the interval width (hi − lo, as a rate in (0, 1)) to get below
 */
public record WilsonWidthRule(double targetWidth) {
  /** @throws IllegalArgumentException if W is not in (0, 1) */
  public WilsonWidthRule {
    if (!(targetWidth > 0 && targetWidth < 1)) {
      throw new IllegalArgumentException("--until-ci-width must be a rate width in (0, 1), e.g. 0.1, got " + targetWidth);
    }
  }

  /** Width hi − lo of the 95 % Wilson interval of {@code p}; 1 when p has no episode. */
  public static double width(Proportion p) {
    Proportion.Interval w = p.wilson95();
    return w.hi() - w.lo();
  }

  /** Whether {@code p}'s interval is narrower than the target (strictly). */
  public boolean reached(Proportion p) {
    return width(p) < targetWidth;
  }
}
