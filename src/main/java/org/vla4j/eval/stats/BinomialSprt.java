package org.vla4j.eval.stats;

/**
 * Wald's sequential probability ratio test for a stream of Bernoulli observations (Wald 1945,
 * "Sequential tests of statistical hypotheses", Ann. Math. Statist. 16(2):117–186): H0: θ = θ0
 * against H1: θ = θ1. After each observation x ∈ {0, 1} the log-likelihood ratio grows by
 * x·ln(θ1/θ0) + (1−x)·ln((1−θ1)/(1−θ0)); the test accepts H1 once it reaches ln((1−β)/α) and H0
 * once it falls to ln(β/(1−α)) — Wald's bounds, whose true error rates are at most about α/(1−β)
 * and β/(1−α) (they ignore the overshoot of the last step). Immutable: {@link #observe} returns
 * the next state, and a decided test stays decided.
 *
 * @param theta0 θ0, in (0, 1)
 * @param theta1 θ1, in (0, 1), ≠ θ0
 * @param alpha α, the error rate of accepting H1 when H0 holds, in (0, 1)
 * @param beta β, the error rate of accepting H0 when H1 holds, in (0, 1), α + β &lt; 1
 * @param llr the log-likelihood ratio ln L(θ1)/L(θ0) so far
 * @param n observations so far
 * @param state where the test stands
 */
public record BinomialSprt(double theta0, double theta1, double alpha, double beta, double llr, int n, State state) {
  /** Where an SPRT stands. */
  public enum State { CONTINUE, ACCEPT_H0, ACCEPT_H1 }

  /** @throws IllegalArgumentException if a parameter is out of range */
  public BinomialSprt {
    if (!(theta0 > 0 && theta0 < 1 && theta1 > 0 && theta1 < 1) || theta0 == theta1) {
      throw new IllegalArgumentException("an SPRT needs θ0 ≠ θ1, both in (0, 1); got " + theta0 + " and " + theta1);
    }
    if (!(alpha > 0 && alpha < 1 && beta > 0 && beta < 1 && alpha + beta < 1)) {
      throw new IllegalArgumentException("an SPRT needs α, β in (0, 1) with α + β < 1; got " + alpha + " and " + beta);
    }
  }

  /** A test that has seen nothing. */
  public static BinomialSprt start(double theta0, double theta1, double alpha, double beta) {
    return new BinomialSprt(theta0, theta1, alpha, beta, 0.0, 0, State.CONTINUE);
  }

  /** ln((1−β)/α): accept H1 at or above it. */
  public double upperBound() {
    return Math.log((1 - beta) / alpha);
  }

  /** ln(β/(1−α)): accept H0 at or below it. */
  public double lowerBound() {
    return Math.log(beta / (1 - alpha));
  }

  /** The state after one more observation; unchanged once decided. */
  public BinomialSprt observe(boolean x) {
    if (state != State.CONTINUE) return this;
    double next = llr + (x ? Math.log(theta1 / theta0) : Math.log((1 - theta1) / (1 - theta0)));
    State s = next >= upperBound() ? State.ACCEPT_H1 : next <= lowerBound() ? State.ACCEPT_H0 : State.CONTINUE;
    return new BinomialSprt(theta0, theta1, alpha, beta, next, n + 1, s);
  }
}
