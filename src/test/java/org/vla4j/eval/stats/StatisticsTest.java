package org.vla4j.eval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
/**
 * Statistics against values computed independently with SciPy 1.17.1:
 * {@code norm.cdf(x)}, {@code norm.sf(x)}; for the two-proportion test
 * {@code pp=(a+b)/(n1+n2); z=(a/n1-b/n2)/sqrt(pp*(1-pp)*(1/n1+1/n2)); p=2*norm.sf(abs(z))} and the
 * difference's CI {@code d ± norm.ppf(0.975)*sqrt(p1*(1-p1)/n1+p2*(1-p2)/n2)}; Wilson by its formula
 * with {@code z=norm.ppf(0.975)}.
 */
class StatisticsTest {
  @Test
  void normalDistributionMatchesScipy() {
    assertThat(Normal.cdf(0)).isEqualTo(0.5);
    assertThat(Normal.cdf(0.5)).isCloseTo(0.6914624612740131, within(1e-15));
    assertThat(Normal.cdf(1.96)).isCloseTo(0.9750021048517795, within(1e-15));
    assertThat(Normal.cdf(-2.5)).isCloseTo(0.006209665325776132, within(1e-16));
    assertThat(Normal.upperTail(3.7)).isCloseTo(0.00010779973347738823, within(1e-17));
    assertThat(Normal.upperTail(8.5) / 9.47953482220325e-18).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void wilsonIntervalFor45of50MatchesScipy() {
    Proportion.Interval w = new Proportion(45, 50).wilson95();
    assertThat(w.lo()).isCloseTo(0.7863976856252035, within(1e-12));
    assertThat(w.hi()).isCloseTo(0.9565242350681096, within(1e-12));
  }

  @Test
  void twoProportionTestMatchesScipy() {
    TwoProportionZTest t = TwoProportionZTest.of(new Proportion(45, 50), new Proportion(38, 50));
    assertThat(t.z()).isCloseTo(1.863522038227507, within(1e-12));
    assertThat(t.pValue()).isCloseTo(0.062388854870252905, within(1e-12));
    assertThat(t.difference()).isCloseTo(0.14, within(1e-15));
    assertThat(t.ci95()[0]).isCloseTo(-0.004666055642440159, within(1e-12));
    assertThat(t.ci95()[1]).isCloseTo(0.2846660556424402, within(1e-12));
    assertThat(t.significant(0.05)).isFalse();
    assertThat(t.describe("A", "B")).contains("z = 1.8635").contains("no significant difference");

    TwoProportionZTest big = TwoProportionZTest.of(new Proportion(442, 500), new Proportion(410, 500));
    assertThat(big.z()).isCloseTo(2.8497011866494413, within(1e-12));
    assertThat(big.pValue()).isCloseTo(0.004376032008092982, within(1e-13));
    assertThat(big.ci95()[0]).isCloseTo(0.020161252863620548, within(1e-12));
    assertThat(big.significant(0.05)).isTrue();

    TwoProportionZTest extreme = TwoProportionZTest.of(new Proportion(10, 10), new Proportion(0, 10));
    assertThat(extreme.z()).isCloseTo(4.47213595499958, within(1e-12));
    assertThat(extreme.pValue()).isCloseTo(7.74421643104407e-06, within(1e-15));
  }

  @Test
  void identicalAllOrNothingRunsDoNotDiffer() {
    TwoProportionZTest t = TwoProportionZTest.of(new Proportion(20, 20), new Proportion(5, 5));
    assertThat(t.z()).isZero();
    assertThat(t.pValue()).isEqualTo(1.0);
    assertThatThrownBy(() -> TwoProportionZTest.of(new Proportion(0, 0), new Proportion(1, 2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void referenceCheckSaysConsistentOffOrBelow() {
    assertThat(ReferenceCheck.of(new Proportion(44, 50), 88.4).verdict()).isEqualTo(ReferenceCheck.Kind.CONSISTENT); // 88.0
    assertThat(ReferenceCheck.of(new Proportion(42, 50), 88.4).verdict()).isEqualTo(ReferenceCheck.Kind.OFF); // 84.0: -4.4
    ReferenceCheck below = ReferenceCheck.of(new Proportion(40, 50), 88.4); // 80.0: -8.4
    assertThat(below.verdict()).isEqualTo(ReferenceCheck.Kind.BELOW);
    assertThat(below.differencePoints()).isCloseTo(-8.4, within(1e-9));
    assertThat(below.describe()).contains("a bug until proven otherwise");
    assertThat(ReferenceCheck.of(new Proportion(50, 50), 88.4).verdict()).isEqualTo(ReferenceCheck.Kind.OFF); // +11.6
    assertThatThrownBy(() -> ReferenceCheck.of(new Proportion(1, 2), 884)).hasMessageContaining("0..100");
  }
}
