package org.vla4j.eval.stats;

import java.util.Locale;

/**
 * Whether two runs on the same episodes (same task, init state and seed, episode by episode) differ:
 * McNemar's exact test (McNemar 1947; the exact binomial form, as in statsmodels' {@code
 * mcnemar(exact=True)}). Only the discordant episodes carry information: b = episodes run A solved
 * and run B did not, c = the reverse; under "no difference" b ~ Binomial(b + c, ½), and the
 * two-sided p-value is {@code min(1, 2·P[X ≤ min(b, c)])}. Pairing removes the variance of the
 * episodes themselves (some init states are hard for every policy), so it needs fewer episodes than
 * the unpaired {@link TwoProportionZTest} to see the same difference.
 *
 * @param n episodes in both runs, ≥ 1
 * @param onlyA episodes A solved and B did not (b)
 * @param onlyB episodes B solved and A did not (c)
 * @param pValue two-sided exact p-value, in [0, 1]
 */
public record McNemarTest(int n, int onlyA, int onlyB, double pValue) {
  /**
   * Runs the test on paired outcomes.
   *
   * @param a run A's success per episode
   * @param b run B's success per episode, same episodes in the same order
   * @throws IllegalArgumentException if the lists differ in length or are empty
   */
  public static McNemarTest of(boolean[] a, boolean[] b) {
    if (a.length != b.length || a.length == 0) {
      throw new IllegalArgumentException("paired outcomes need the same episodes in both runs; got " + a.length + " and " + b.length);
    }
    int onlyA = 0, onlyB = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] && !b[i]) onlyA++;
      if (b[i] && !a[i]) onlyB++;
    }
    return new McNemarTest(a.length, onlyA, onlyB, exactP(onlyA, onlyB));
  }

  /** {@code min(1, 2·P[X ≤ min(b, c)])} for X ~ Binomial(b + c, ½); 1 when there is no discordant episode. */
  static double exactP(int b, int c) {
    int m = b + c;
    if (m == 0) return 1.0;
    int k = Math.min(b, c);
    // sum of C(m, i) / 2^m for i ≤ k, in log space so that m in the thousands does not overflow
    double logHalfPow = -m * Math.log(2);
    double sum = 0;
    double logC = 0; // log C(m, 0)
    for (int i = 0; i <= k; i++) {
      if (i > 0) logC += Math.log(m - i + 1) - Math.log(i);
      sum += Math.exp(logC + logHalfPow);
    }
    return Math.min(1.0, 2 * sum);
  }

  /** Several lines: both rates on the shared episodes, the discordant counts, the p-value. */
  public String describe(String nameA, String nameB) {
    return String.format(Locale.ROOT, "paired on %d shared episodes (same task, init state and seed): McNemar exact test%n"
        + "  solved by %s only: %d, by %s only: %d, by both or neither: %d%n  two-sided p = %.4f%s%n", n, nameA, onlyA, nameB, onlyB,
        n - onlyA - onlyB, pValue, pValue < 0.05 ? " (differ at the 5 % level)" : " (no difference shown at the 5 % level)");
  }
}
