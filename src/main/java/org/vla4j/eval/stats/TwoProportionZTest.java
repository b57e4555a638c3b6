package org.vla4j.eval.stats;

import java.util.Locale;
/**
 * Whether two success rates differ: the pooled two-proportion z-test, and the difference p₁ − p₂
 * with its 95 % Wald confidence interval (unpooled standard error).
 *
 * <p>z = (p₁ − p₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)) with the pooled p̂ = (k₁ + k₂)/(n₁ + n₂); two-sided
 * p = 2·Q(|z|). CI = (p₁ − p₂) ± 1.96 · √(p₁(1 − p₁)/n₁ + p₂(1 − p₂)/n₂). When p̂ is 0 or 1 the
 * runs cannot differ: z = 0, p = 1.
 *
 * @param a the first run's successes and episodes (n ≥ 1)
 * @param b the second's (n ≥ 1)
 * @param z the z statistic (positive when a's rate is higher)
 * @param pValue two-sided p-value, in [0, 1]
 * @param difference p₁ − p₂, in [−1, 1]
 * @param ci95 95 % interval of the difference, clamped to [−1, 1]
 */
public record TwoProportionZTest(Proportion a, Proportion b, double z, double pValue, double difference, double[] ci95) {

  /**
   * Runs the test.
   *
   * @throws IllegalArgumentException if a run has no episodes
   */
  public static TwoProportionZTest of(Proportion a, Proportion b) {
    if (a.n() < 1 || b.n() < 1) throw new IllegalArgumentException("both runs need at least one episode, got n=" + a.n() + " and n=" + b.n());
    double p1 = a.successRate();
    double p2 = b.successRate();
    double pooled = (double) (a.successes() + b.successes()) / (a.n() + b.n());
    double se0 = Math.sqrt(pooled * (1 - pooled) * (1.0 / a.n() + 1.0 / b.n()));
    double z = se0 == 0 ? 0 : (p1 - p2) / se0;
    double d = p1 - p2;
    double se = Math.sqrt(p1 * (1 - p1) / a.n() + p2 * (1 - p2) / b.n());
    double lo = Math.max(-1, d - Proportion.Z95 * se);
    double hi = Math.min(1, d + Proportion.Z95 * se);
    return new TwoProportionZTest(a, b, z, Normal.twoSidedP(z), d, new double[] {lo, hi});
  }

  /** Whether the difference is significant at level {@code alpha} (e.g. 0.05). */
  public boolean significant(double alpha) {
    return pValue < alpha;
  }

  /** A few lines for people: both rates, z, p, the difference with its CI, and the conclusion at 5 %. */
  public String describe(String nameA, String nameB) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "A %s: %d/%d = %.1f%%%n", nameA, a.successes(), a.n(), 100 * a.successRate()));
    sb.append(String.format(Locale.ROOT, "B %s: %d/%d = %.1f%%%n", nameB, b.successes(), b.n(), 100 * b.successRate()));
    sb.append(String.format(Locale.ROOT, "two-proportion z-test (pooled): z = %.4f, two-sided p = %.4g%n", z, pValue));
    sb.append(String.format(Locale.ROOT, "difference A - B = %+.1f points, 95%% CI [%+.1f, %+.1f]%n", 100 * difference,
        100 * ci95[0], 100 * ci95[1]));
    sb.append(significant(0.05)
        ? "the runs differ at the 5% level\n"
        : "no significant difference at the 5% level: do not claim one run is better\n");
    return sb.toString();
  }
}
