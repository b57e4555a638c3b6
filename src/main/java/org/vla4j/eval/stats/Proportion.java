package org.vla4j.eval.stats;

/**
 * A success rate estimated from {@code n} Bernoulli trials (episodes), with its standard error and
 * Wilson score interval.
 *
 * @param successes number of successful episodes, 0 ≤ successes ≤ n
 * @param n number of episodes, ≥ 0
 */
public record Proportion(int successes, int n) {

  /** z for a two-sided 95% interval: the 0.975 quantile of the standard normal distribution. */
  public static final double Z95 = 1.959963984540054;

  /** @throws IllegalArgumentException if n &lt; 0 or successes is outside 0..n */
  public Proportion {
    if (n < 0 || successes < 0 || successes > n) {
      throw new IllegalArgumentException("a proportion needs 0 <= successes <= n, got " + successes + "/" + n);
    }
  }

  /** A closed interval [lo, hi] within [0, 1]. */
  public record Interval(double lo, double hi) {}

  /** Success rate p = successes / n in [0, 1]; 0 when n = 0 (no episodes: nothing observed). */
  public double successRate() {
    return n == 0 ? 0.0 : (double) successes / n;
  }

  /** Standard error of p, √(p(1−p)/n); 0 when n = 0 and at p = 0 or p = 1. */
  public double standardError() {
    if (n == 0) return 0.0;
    double p = successRate();
    return Math.sqrt(p * (1 - p) / n);
  }

  /**
   * Wilson score interval at 95% (z = {@link #Z95}):
   * (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n), clamped to [0, 1]. For n = 0 the interval
   * is the uninformative [0, 1].
   */
  public Interval wilson95() {
    return wilson(Z95);
  }

  /** Wilson score interval for a given z (&gt; 0); see {@link #wilson95()}. */
  public Interval wilson(double z) {
    if (n == 0) return new Interval(0.0, 1.0);
    double p = successRate();
    double z2n = z * z / n;
    double denom = 1 + z2n;
    double centre = (p + z2n / 2) / denom;
    double half = z * Math.sqrt(p * (1 - p) / n + z2n / (4.0 * n)) / denom;
    // at p = 0 (p = 1) the lower (upper) bound is exactly 0 (1); say so rather than leave rounding noise
    double lo = successes == 0 ? 0.0 : Math.max(0.0, centre - half);
    double hi = successes == n ? 1.0 : Math.min(1.0, centre + half);
    return new Interval(lo, hi);
  }
}
