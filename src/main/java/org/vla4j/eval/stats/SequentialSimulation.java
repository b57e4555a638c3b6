package org.vla4j.eval.stats;

import java.util.SplittableRandom;

/**
 * Monte Carlo checks of the sequential rules on seeded Bernoulli streams: the coverage and cost of
 * {@link WilsonWidthRule}, and the error rates and cost of {@link SequentialComparison}. Pure and
 * deterministic: the same arguments give the same numbers ({@link SplittableRandom} seeded per
 * call). Used by the unit tests and by {@code bench/java/org/vla4j/bench/SequentialErrorRates.java},
 * whose table is in docs/RESULTS.md.
 */
public final class SequentialSimulation {
  private SequentialSimulation() {}

  /**
   * What the CI-width rule did over many simulated runs.
   *
   * @param runs simulated runs
   * @param coverage fraction whose final 95 % Wilson interval contains the true rate
   * @param meanEpisodes mean episodes used per run
   * @param stoppedEarly fraction that stopped by the rule before the plan's end
   */
  public record WidthResult(int runs, double coverage, double meanEpisodes, double stoppedEarly) {}

  /**
   * Simulates {@code runs} streams of Bernoulli(p) episodes, each stopped by {@code rule} or after
   * {@code maxEpisodes}.
   */
  public static WidthResult ciWidth(double p, WilsonWidthRule rule, int maxEpisodes, int runs, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    long covered = 0, episodes = 0, early = 0;
    for (int r = 0; r < runs; r++) {
      int n = 0, k = 0;
      while (n < maxEpisodes) {
        n++;
        if (rng.nextDouble() < p) k++;
        if (rule.reached(new Proportion(k, n))) break;
      }
      Proportion.Interval w = new Proportion(k, n).wilson95();
      if (w.lo() <= p && p <= w.hi()) covered++;
      episodes += n;
      if (n < maxEpisodes) early++;
    }
    return new WidthResult(runs, (double) covered / runs, (double) episodes / runs, (double) early / runs);
  }

  /**
   * How often each decision came out over many simulated comparisons.
   *
   * @param runs simulated runs
   * @param worse fraction decided worse
   * @param better fraction decided better
   * @param noDifference fraction decided no difference
   * @param undecided fraction still undecided at the plan's end
   * @param meanEpisodes mean episodes used per run
   */
  public record SprtResult(int runs, double worse, double better, double noDifference, double undecided, double meanEpisodes) {}

  /**
   * A simulated world for {@link #sprt}.
   *
   * @param design paired (the reference ran the same episodes) or unpaired
   * @param referenceRate the reference policy's true rate p_ref, in (0, 1)
   * @param trueRate this run's true rate, in (0, 1); paired, it sets the odds ratio ψ =
   *     odds(trueRate)/odds(referenceRate) applied on every episode
   * @param sigma paired: standard deviation of the episodes' difficulty on the logit scale (0: every
   *     episode alike, the runs independent given their rates); unpaired: ignored
   * @param referenceEpisodes episodes of the reference run whose observed rate the test uses (paired:
   *     the reference outcomes of the plan's episodes, so at least maxEpisodes); 0 (unpaired only):
   *     the test is given the true p_ref
   * @param maxEpisodes the plan's size: a run still undecided there stops undecided
   */
  public record World(SequentialComparison.Design design, double referenceRate, double trueRate, double sigma,
      int referenceEpisodes, int maxEpisodes) {}

  /** Simulates {@code runs} comparisons in {@code world} with the test's δ, α, β. */
  public static SprtResult sprt(World world, double detect, double alpha, double beta, int runs, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    boolean paired = world.design() == SequentialComparison.Design.PAIRED;
    int refN = paired ? Math.max(world.referenceEpisodes(), world.maxEpisodes()) : world.referenceEpisodes();
    double logitRef = logit(world.referenceRate());
    double shift = logit(world.trueRate()) - logitRef;
    long worse = 0, better = 0, none = 0, undecided = 0, episodes = 0;
    double[] difficulty = new double[refN];
    boolean[] ref = new boolean[refN];
    for (int r = 0; r < runs; r++) {
      int refOk = 0;
      for (int i = 0; i < refN; i++) {
        difficulty[i] = logitRef + (paired ? world.sigma() * rng.nextGaussian() : 0.0);
        ref[i] = rng.nextDouble() < expit(difficulty[i]);
        if (ref[i]) refOk++;
      }
      double pRef = refN == 0 ? world.referenceRate() : (double) refOk / refN;
      SequentialComparison c;
      try {
        c = SequentialComparison.start(world.design(), pRef, detect, alpha, beta);
      } catch (IllegalArgumentException e) {
        undecided++; // a reference of 0 % or 100 %: the command refuses it too
        continue;
      }
      int n = 0;
      while (n < world.maxEpisodes() && !c.decided()) {
        boolean mine = paired ? rng.nextDouble() < expit(difficulty[n] + shift) : rng.nextDouble() < world.trueRate();
        c = c.observe(mine, paired && ref[n]);
        n++;
      }
      episodes += n;
      switch (c.decision()) {
        case WORSE -> worse++;
        case BETTER -> better++;
        case NO_DIFFERENCE -> none++;
        case CONTINUE -> undecided++;
      }
    }
    double d = runs;
    return new SprtResult(runs, worse / d, better / d, none / d, undecided / d, episodes / d);
  }

  static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  static double expit(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
