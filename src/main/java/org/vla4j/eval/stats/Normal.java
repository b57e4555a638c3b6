package org.vla4j.eval.stats;

/**
 * The standard normal distribution: cumulative distribution and upper tail, to about 1e-15
 * absolute (and ~1e-13 relative in the far tail). For |x| &lt; 3: Marsaglia's series
 * Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/(3·5) + …) (J. Stat. Softw. 11(4), 2004); beyond: the Laplace
 * continued fraction Q(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …)))), evaluated backwards from 300 terms.
 */
public final class Normal {
  private static final double INV_SQRT_2PI = 0.3989422804014327;

  private Normal() {}

  /** The density φ(x). */
  public static double pdf(double x) {
    return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  }

  /** Φ(x) = P(Z ≤ x), in [0, 1]; NaN for NaN. */
  public static double cdf(double x) {
    if (Double.isNaN(x)) return Double.NaN;
    return x >= 0 ? 1 - upperTail(x) : upperTail(-x);
  }

  /** Q(x) = P(Z &gt; x) = 1 − Φ(x), accurate in the tail (no cancellation for large x). */
  public static double upperTail(double x) {
    if (Double.isNaN(x)) return Double.NaN;
    if (x < 0) return 1 - upperTail(-x);
    if (x == Double.POSITIVE_INFINITY) return 0;
    if (x < 3) {
      double sum = x;
      double term = x;
      double x2 = x * x;
      for (int i = 3; i < 500 && Math.abs(term) > 1e-17 * Math.abs(sum); i += 2) {
        term *= x2 / i;
        sum += term;
      }
      return 0.5 - pdf(x) * sum;
    }
    double f = x;
    for (int k = 300; k >= 1; k--) f = x + k / f;
    return pdf(x) / f;
  }

  /** Two-sided p-value of a z statistic: 2·Q(|z|), in [0, 1]. */
  public static double twoSidedP(double z) {
    return Math.min(1.0, 2 * upperTail(Math.abs(z)));
  }

  /**
   * The standard normal quantile Φ⁻¹(p), by bisection on {@link #cdf} to 1e-12 (plenty for sample
   * sizes; not a hot path).
   *
   * @throws IllegalArgumentException unless 0 &lt; p &lt; 1
   */
  public static double quantile(double p) {
    if (!(p > 0 && p < 1)) throw new IllegalArgumentException("a normal quantile needs 0 < p < 1, got " + p);
    double lo = -40, hi = 40;
    while (hi - lo > 1e-12) {
      double mid = 0.5 * (lo + hi);
      if (cdf(mid) < p) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  }
}
