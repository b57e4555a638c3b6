package org.vla4j.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Success rate, standard error and Wilson interval against independently computed values: the
 * expected intervals are SciPy 1.17's {@code scipy.stats.binomtest(k, n).proportion_ci(
 * confidence_level=0.95, method='wilson')}, the standard errors {@code math.sqrt(p*(1-p)/n)} in
 * Python, printed to 10 decimals.
 */
class ProportionTest {

  @ParameterizedTest
  @CsvSource({
    "45, 50, 0.9,  0.0424264069, 0.7863976856, 0.9565242351",
    "0,  10, 0.0,  0.0,          0.0,          0.2775327999",
    "10, 10, 1.0,  0.0,          0.7224672001, 1.0",
    "1,  2,  0.5,  0.3535533906, 0.0945312057, 0.9054687943",
    "7,  20, 0.35, 0.1066536450, 0.1811918241, 0.5671457233",
  })
  void matchesScipy(int k, int n, double rate, double se, double lo, double hi) {
    Proportion p = new Proportion(k, n);
    assertThat(p.successRate()).isCloseTo(rate, offset(1e-12));
    assertThat(p.standardError()).isCloseTo(se, offset(1e-10));
    assertThat(p.wilson95().lo()).isCloseTo(lo, offset(1e-10));
    assertThat(p.wilson95().hi()).isCloseTo(hi, offset(1e-10));
  }

  @Test
  void zeroAndAllSuccessesHaveExactEndpoints() {
    assertThat(new Proportion(0, 50).wilson95().lo()).isEqualTo(0.0);
    assertThat(new Proportion(50, 50).wilson95().hi()).isEqualTo(1.0);
  }

  @Test
  void noEpisodesGiveTheUninformativeInterval() {
    Proportion p = new Proportion(0, 0);
    assertThat(p.successRate()).isZero();
    assertThat(p.standardError()).isZero();
    assertThat(p.wilson95()).isEqualTo(new Proportion.Interval(0.0, 1.0));
  }

  @Test
  void impossibleCountsAreRefused() {
    assertThatThrownBy(() -> new Proportion(3, 2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3/2");
    assertThatThrownBy(() -> new Proportion(-1, 2)).isInstanceOf(IllegalArgumentException.class);
  }
}
