package org.vla4j.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vla4j.eval.stats.SequentialComparison.Decision;
import org.vla4j.eval.stats.SequentialComparison.Design;
import org.vla4j.eval.stats.SequentialSimulation.World;

/**
 * Wald's SPRT, its two-sided combination and the Wilson width rule, checked on seeded Bernoulli
 * streams (2,000 runs per case here; {@code bench/.../SequentialErrorRates} runs 10,000 for
 * docs/RESULTS.md). Bounds are the stated rate ± 3 Monte Carlo standard errors.
 */
class SequentialTest {
  private static final int RUNS = 2000;

  private static double se(double q) {
    return Math.sqrt(q * (1 - q) / RUNS);
  }

  @Test
  void waldBoundsAndASuccessStreamAcceptH1() {
    BinomialSprt t = BinomialSprt.start(0.5, 0.8, 0.05, 0.2);
    assertThat(t.upperBound()).isCloseTo(Math.log(0.8 / 0.05), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(t.lowerBound()).isCloseTo(Math.log(0.2 / 0.95), org.assertj.core.data.Offset.offset(1e-12));
    int n = 0;
    while (t.state() == BinomialSprt.State.CONTINUE) {
      t = t.observe(true);
      n++;
    }
    // each success adds ln(0.8/0.5) = 0.47; ln 16 = 2.77 needs 6 of them
    assertThat(t.state()).isEqualTo(BinomialSprt.State.ACCEPT_H1);
    assertThat(n).isEqualTo(6);
    assertThat(t.observe(false)).isSameAs(t);
  }

  @Test
  void aPairedComparisonMovesOnlyOnDiscordantEpisodes() {
    SequentialComparison c = SequentialComparison.start(Design.PAIRED, 0.8, 0.1, 0.05, 0.2);
    SequentialComparison same = c.observe(true, true).observe(false, false);
    assertThat(same.worse().n()).isZero();
    assertThat(same.episodes()).isEqualTo(2);
    SequentialComparison d = same.observe(false, true);
    assertThat(d.onlyReference()).isEqualTo(1);
    assertThat(d.worse().llr()).isPositive();
    assertThat(d.better().llr()).isNegative();
    // odds(0.9)/odds(0.8) = 2.25: θ+ = 2.25/3.25
    assertThat(c.better().theta1()).isCloseTo(2.25 / 3.25, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void aReferenceAtOneHundredPercentCanOnlyBeMatchedOrFallenShortOf() {
    SequentialComparison c = SequentialComparison.start(Design.UNPAIRED, 0.95, 0.1, 0.05, 0.2);
    assertThat(c.better()).isNull();
    assertThat(c.worse()).isNotNull();
    assertThatThrownBy(() -> SequentialComparison.start(Design.PAIRED, 1.0, 0.05, 0.05, 0.2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100 %").hasMessageContaining("strictly between 0 and 1");
    assertThatThrownBy(() -> SequentialComparison.start(Design.UNPAIRED, 0.5, 0.6, 0.05, 0.2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--detect");
  }

  @Test
  void unpairedErrorRatesHoldOnSimulatedStreams() {
    var h0 = SequentialSimulation.sprt(new World(Design.UNPAIRED, 0.8, 0.8, 0, 0, 2000), 0.1, 0.05, 0.2, RUNS, 11);
    assertThat(h0.worse() + h0.better()).isLessThan(0.05 + 3 * se(0.05));
    var worse = SequentialSimulation.sprt(new World(Design.UNPAIRED, 0.8, 0.7, 0, 0, 2000), 0.1, 0.05, 0.2, RUNS, 12);
    assertThat(worse.worse()).isGreaterThan(0.8 - 3 * se(0.2));
    assertThat(worse.better()).isLessThan(0.01);
    // sequential: on average far fewer episodes than a fixed design of this power (about 250 here)
    assertThat(worse.meanEpisodes()).isLessThan(150);
  }

  @Test
  void pairedErrorRatesHoldOnSimulatedStreams() {
    var h0 = SequentialSimulation.sprt(new World(Design.PAIRED, 0.8, 0.8, 2, 2000, 2000), 0.1, 0.05, 0.2, RUNS, 21);
    assertThat(h0.worse() + h0.better()).isLessThan(0.05 + 3 * se(0.05));
    var better = SequentialSimulation.sprt(new World(Design.PAIRED, 0.8, 0.9, 0, 2000, 2000), 0.1, 0.05, 0.2, RUNS, 22);
    assertThat(better.better()).isGreaterThan(0.8 - 3 * se(0.2));
    assertThat(better.worse()).isLessThan(0.01);
  }

  @Test
  void theFinalWilsonIntervalOfTheWidthRuleCoversNearlyNinetyFivePercent() {
    for (double p : new double[] {0.5, 0.8}) {
      var r = SequentialSimulation.ciWidth(p, new WilsonWidthRule(0.1), 2000, RUNS, 31);
      assertThat(r.coverage()).as("p = %s", p).isBetween(0.95 - 3 * se(0.05), 1.0);
      assertThat(r.stoppedEarly()).isEqualTo(1.0);
      // the fixed n at which the interval at p has width 0.1: 4 z² p(1−p) / 0.1² (about 384 at p = 0.5)
      assertThat(r.meanEpisodes()).isCloseTo(4 * 3.8415 * p * (1 - p) / 0.01, org.assertj.core.data.Percentage.withPercentage(10));
    }
    var r = SequentialSimulation.ciWidth(0.5, new WilsonWidthRule(0.05), 200, RUNS, 32);
    assertThat(r.stoppedEarly()).isZero();
    assertThat(r.meanEpisodes()).isEqualTo(200.0);
  }
}
