package org.vla4j.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** McNemar's exact test and the sample-size plan, checked against direct computation and seeded simulation. */
class PairedAndPlanTest {
  @Test
  void mcnemarExactPIsTheTwoSidedBinomialTail() {
    for (int b = 0; b <= 12; b++) {
      for (int c = 0; c <= 12; c++) {
        int m = b + c;
        double tail = 0;
        for (int i = 0; i <= Math.min(b, c); i++) tail += binom(m, i) / Math.pow(2, m);
        double want = m == 0 ? 1 : Math.min(1, 2 * tail);
        assertThat(McNemarTest.exactP(b, c)).as(b + "," + c).isCloseTo(want, within(1e-12));
      }
    }
    assertThat(McNemarTest.exactP(400, 420)).isBetween(0.0, 1.0); // no overflow for large counts
  }

  @Test
  void mcnemarCountsOnlyTheDiscordantEpisodes() {
    boolean[] a = {true, true, true, false, false, true};
    boolean[] b = {true, false, false, false, true, true};
    McNemarTest t = McNemarTest.of(a, b);
    assertThat(t.onlyA()).isEqualTo(2);
    assertThat(t.onlyB()).isEqualTo(1);
    assertThatThrownBy(() -> McNemarTest.of(a, new boolean[2])).hasMessageContaining("same episodes");
  }

  @Test
  void theUnpairedPlanHasItsPowerInSimulation() {
    SampleSize s = new SampleSize(0.884, 0.05, 0.05, 0.8, Double.NaN);
    int n = s.unpaired();
    SplittableRandom rng = new SplittableRandom(2026);
    int trials = 4000, rejected = 0;
    for (int t = 0; t < trials; t++) {
      int k1 = 0, k2 = 0;
      for (int i = 0; i < n; i++) {
        if (rng.nextDouble() < 0.884) k1++;
        if (rng.nextDouble() < 0.834) k2++;
      }
      if (TwoProportionZTest.of(new Proportion(k1, n), new Proportion(k2, n)).pValue() < 0.05) rejected++;
    }
    // 4000 runs: Monte Carlo SE of the power ≈ 0.0063
    assertThat(rejected / (double) trials).isCloseTo(0.80, within(0.025));
    SampleSize half = new SampleSize(0.884, 0.05, 0.05, 0.8, Double.NaN);
    assertThat(new SampleSize(0.884, 0.10, 0.05, 0.8, Double.NaN).unpaired()).as("twice the effect, about a quarter the episodes")
        .isBetween(half.unpaired() / 5, half.unpaired() / 3);
  }

  @Test
  void thePairedPlanHasItsPowerInSimulationAndPairingHelpsWhenOutcomesAgree() {
    double psi = 0.10; // p(A only) + p(B only), with p(A only) − p(B only) = δ = 0.05
    SampleSize s = new SampleSize(0.884, 0.05, 0.05, 0.8, psi);
    int n = s.paired();
    assertThat(n).isLessThan(s.unpaired());
    double onlyA = (psi + 0.05) / 2, onlyB = (psi - 0.05) / 2;
    SplittableRandom rng = new SplittableRandom(7);
    int trials = 4000, rejected = 0;
    for (int t = 0; t < trials; t++) {
      boolean[] a = new boolean[n], b = new boolean[n];
      for (int i = 0; i < n; i++) {
        double u = rng.nextDouble();
        if (u < onlyA) a[i] = true;
        else if (u < onlyA + onlyB) b[i] = true;
        else a[i] = b[i] = u < onlyA + onlyB + 0.834 - onlyB; // both solve it, or neither
      }
      if (McNemarTest.of(a, b).pValue() < 0.05) rejected++;
    }
    // the exact test is conservative, so the simulated power may fall a little short of 0.80
    assertThat(rejected / (double) trials).isBetween(0.74, 0.85);
  }

  @Test
  void badPlansAreRefusedByName() {
    assertThatThrownBy(() -> new SampleSize(1.2, 0.05, 0.05, 0.8, Double.NaN)).hasMessageContaining("--baseline");
    assertThatThrownBy(() -> new SampleSize(0.8, 0.9, 0.05, 0.8, Double.NaN)).hasMessageContaining("--detect");
    assertThatThrownBy(() -> new SampleSize(0.8, 0.05, 0.05, 0.8, 0.01)).hasMessageContaining("--discordant");
    assertThat(Normal.quantile(0.975)).isCloseTo(1.959963984540054, within(1e-9));
  }

  static double binom(int n, int k) {
    double r = 1;
    for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
    return r;
  }
}
