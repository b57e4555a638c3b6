package org.vla4j.eval.stats;

import java.util.Locale;

/**
 * The sequential test of {@code eval --sequential-vs RUN}: is this run's success rate different from
 * a finished reference run's, by at least δ, deciding as episodes arrive?
 *
 * <p>Two one-sided Wald SPRTs ({@link BinomialSprt}, Wald 1945) run side by side, each at α/2 and
 * β, the two-sided combination of Sobel &amp; Wald (1949, "A sequential decision procedure for
 * choosing one of three hypotheses concerning the unknown mean of a normal distribution", Ann.
 * Math. Statist. 20(4):502–522): the "worse" side tests no difference against worse by δ, the
 * "better" side no difference against better by δ. The run is {@link Decision#WORSE} or
 * {@link Decision#BETTER} as soon as one side accepts its alternative, and
 * {@link Decision#NO_DIFFERENCE} once both accept "no difference". So P(a difference is declared |
 * none) ≈ α, and P(the true direction is missed | the rate differs by δ) ≈ β.
 *
 * <p>Two designs:
 * <ul>
 *   <li>{@link Design#PAIRED}, when every episode of this run is also in the reference (same task,
 *   init state and seed): only discordant pairs carry information, as in McNemar's test (McNemar
 *   1947). Under a logistic model with one odds ratio ψ between the runs on every episode
 *   (however hard the episode), a discordant pair is this run's success with probability
 *   ψ/(1+ψ) (the conditional likelihood of matched pairs; Breslow &amp; Day 1980, §7.2). The SPRT
 *   runs on that stream: θ0 = ½ against θ± = ψ±/(1+ψ±) with ψ± = odds(p_ref ± δ)/odds(p_ref), p_ref
 *   the reference's overall rate (used only to turn δ into an odds ratio).</li>
 *   <li>{@link Design#UNPAIRED} otherwise: each episode's outcome is a Bernoulli(p) observation,
 *   θ0 = p_ref against θ± = p_ref ± δ. The reference rate is taken as known, so its own sampling
 *   error is not in α and β: use a reference of many more episodes than δ needs.</li>
 * </ul>
 * A side whose alternative p_ref ± δ is outside (0, 1) cannot be reached and counts as accepting
 * "no difference" from the start. Error rates and mean episodes used are measured by
 * {@link SequentialSimulation} (docs/RESULTS.md).
 *
 * @param design paired or unpaired
 * @param reference p_ref, the reference run's overall success rate, in [0, 1]
 * @param detect δ, in (0, 1)
 * @param alpha two-sided α, in (0, 1)
 * @param beta β per direction, in (0, 1)
 * @param worse the "worse" side, or null when p_ref − δ ≤ 0
 * @param better the "better" side, or null when p_ref + δ ≥ 1
 * @param episodes episodes observed
 * @param successes this run's successes among them
 * @param onlyThis discordant episodes this run solved and the reference did not (paired; 0 unpaired)
 * @param onlyReference discordant episodes the reference solved and this run did not (paired; 0 unpaired)
 */
public record SequentialComparison(Design design, double reference, double detect, double alpha, double beta,
    BinomialSprt worse, BinomialSprt better, int episodes, int successes, int onlyThis, int onlyReference) {

  /** Paired on shared episodes, or not. */
  public enum Design { PAIRED, UNPAIRED }

  /** Where the comparison stands. */
  public enum Decision {
    CONTINUE("undecided"), WORSE("worse"), BETTER("better"), NO_DIFFERENCE("no_difference");

    private final String wire;

    Decision(String wire) {
      this.wire = wire;
    }

    /** The name in summary.json: undecided, worse, better, no_difference. */
    public String wireName() {
      return wire;
    }
  }

  /**
   * A comparison that has seen nothing.
   *
   * @throws IllegalArgumentException if δ, α or β is outside (0, 1), α/2 + β ≥ 1, or neither
   *     p_ref − δ nor p_ref + δ is inside (0, 1) (the message names the option)
   */
  public static SequentialComparison start(Design design, double reference, double detect, double alpha, double beta) {
    if (!(detect > 0 && detect < 1)) throw new IllegalArgumentException("--detect must be a rate difference in (0, 1), got " + detect);
    if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("--alpha must be in (0, 1), got " + alpha);
    if (!(beta > 0 && beta < 1) || alpha / 2 + beta >= 1) {
      throw new IllegalArgumentException("--power must be in (" + (alpha / 2) + ", 1), got " + (1 - beta));
    }
    if (!(reference >= 0 && reference <= 1)) throw new IllegalArgumentException("reference rate must be in [0, 1], got " + reference);
    if (reference == 0 || reference == 1) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "the reference run's success rate is %.0f %%: a sequential test"
          + " needs a reference rate strictly between 0 and 1 (no difference can be tested against a rate that never varies);"
          + " give a reference run with both successes and failures", 100 * reference));
    }
    BinomialSprt worse = side(design, reference, -detect, alpha / 2, beta);
    BinomialSprt better = side(design, reference, detect, alpha / 2, beta);
    if (worse == null && better == null) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "--detect %.3f is too large for the reference rate %.3f: neither %.3f nor %.3f is a rate in (0, 1); choose a smaller --detect",
          detect, reference, reference - detect, reference + detect));
    }
    return new SequentialComparison(design, reference, detect, alpha, beta, worse, better, 0, 0, 0, 0);
  }

  private static BinomialSprt side(Design design, double ref, double shift, double alpha, double beta) {
    double alt = ref + shift;
    if (!(alt > 0 && alt < 1) || !(ref > 0 && ref < 1)) return null;
    if (design == Design.UNPAIRED) return BinomialSprt.start(ref, alt, alpha, beta);
    double psi = (alt / (1 - alt)) / (ref / (1 - ref));
    return BinomialSprt.start(0.5, psi / (1 + psi), alpha, beta);
  }

  /**
   * The state after one more episode; unchanged once decided.
   *
   * @param mine this run's success on the episode
   * @param referenceSuccess the reference's success on the same episode (paired; ignored unpaired)
   */
  public SequentialComparison observe(boolean mine, boolean referenceSuccess) {
    if (decision() != Decision.CONTINUE) return this;
    int ot = onlyThis, or = onlyReference;
    BinomialSprt w = worse, b = better;
    boolean informative = design == Design.UNPAIRED || mine != referenceSuccess;
    if (design == Design.PAIRED && mine && !referenceSuccess) ot++;
    if (design == Design.PAIRED && !mine && referenceSuccess) or++;
    if (informative) {
      if (w != null) w = w.observe(mine);
      if (b != null) b = b.observe(mine);
    }
    return new SequentialComparison(design, reference, detect, alpha, beta, w, b, episodes + 1, successes + (mine ? 1 : 0), ot, or);
  }

  /** The decision so far: worse or better once a side accepts its alternative, no difference once both accept none. */
  public Decision decision() {
    if (worse != null && worse.state() == BinomialSprt.State.ACCEPT_H1) return Decision.WORSE;
    if (better != null && better.state() == BinomialSprt.State.ACCEPT_H1) return Decision.BETTER;
    boolean w0 = worse == null || worse.state() == BinomialSprt.State.ACCEPT_H0;
    boolean b0 = better == null || better.state() == BinomialSprt.State.ACCEPT_H0;
    return w0 && b0 ? Decision.NO_DIFFERENCE : Decision.CONTINUE;
  }

  /** Whether the comparison is decided. */
  public boolean decided() {
    return decision() != Decision.CONTINUE;
  }

  /** One line: the decision, the design and the counts behind it. */
  public String describe(String reference) {
    String counts = design == Design.PAIRED
        ? String.format(Locale.ROOT, "paired on shared episodes: solved by this run only %d, by the reference only %d", onlyThis, onlyReference)
        : String.format(Locale.ROOT, "unpaired, the reference's rate %.3f taken as known", this.reference);
    String what = switch (decision()) {
      case WORSE -> String.format(Locale.ROOT, "WORSE than %s by at least δ = %.3f", reference, detect);
      case BETTER -> String.format(Locale.ROOT, "BETTER than %s by at least δ = %.3f", reference, detect);
      case NO_DIFFERENCE -> String.format(Locale.ROOT, "NO DIFFERENCE of δ = %.3f or more from %s", detect, reference);
      case CONTINUE -> String.format(Locale.ROOT, "UNDECIDED against %s (the plan ran out first)", reference);
    };
    return String.format(Locale.ROOT, "sequential test (Wald SPRT, two-sided α = %.3f, power %.2f): %s after %d episodes (%d successes; %s)",
        alpha, 1 - beta, what, episodes, successes, counts);
  }
}
