package org.vla4j.eval.stats;

import java.util.Locale;

/**
 * How many episodes an evaluation needs to detect a given change of success rate, two-sided.
 *
 * <p>Unpaired (two independent runs; Fleiss, Levin, Paik, "Statistical Methods for Rates and
 * Proportions", 3rd ed., §4.2, without continuity correction): episodes per run
 * {@code n = [z_{1−α/2} √(2 p̄ q̄) + z_{1−β} √(p₁q₁ + p₂q₂)]² / δ²}, p₂ = p₁ − δ, p̄ = (p₁ + p₂)/2.
 *
 * <p>Paired (both policies on the same episodes, compared with McNemar's test; Connor 1987,
 * Biometrics 43:207): pairs {@code n = [z_{1−α/2} √ψ + z_{1−β} √(ψ − δ²)]² / δ²} with ψ the
 * probability that an episode is discordant (solved by exactly one of the two). ψ is what pairing
 * exploits: two policies that fail on the same hard init states have a small ψ. Without a measured
 * ψ the plan assumes the outcomes independent given the rates, ψ = p₁q₂ + p₂q₁, an upper bound in
 * practice; measure ψ from two runs on shared episodes ({@code vla4j compare} prints the counts).
 *
 * @param baseline p₁, the reference success rate, in (0, 1)
 * @param detect δ, the drop to detect, in (0, p₁)
 * @param alpha two-sided false-alarm rate, in (0, 1)
 * @param power 1 − β, in (0, 1)
 * @param discordant ψ for the paired design, or NaN to assume independence
 */
public record SampleSize(double baseline, double detect, double alpha, double power, double discordant) {
  /** @throws IllegalArgumentException naming a value out of its range */
  public SampleSize {
    if (!(baseline > 0 && baseline < 1)) throw new IllegalArgumentException("--baseline must be in (0, 1), got " + baseline);
    if (!(detect > 0 && detect < baseline)) throw new IllegalArgumentException("--detect must be in (0, baseline), got " + detect);
    if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("--alpha must be in (0, 1), got " + alpha);
    if (!(power > 0 && power < 1)) throw new IllegalArgumentException("--power must be in (0, 1), got " + power);
    if (!Double.isNaN(discordant) && !(discordant >= detect && discordant <= 1)) {
      throw new IllegalArgumentException("--discordant must be in [detect, 1] (at least the difference itself), got " + discordant);
    }
  }

  /** The other arm's rate, p₂ = p₁ − δ. */
  public double other() {
    return baseline - detect;
  }

  /** Episodes per run for the unpaired design, rounded up. */
  public int unpaired() {
    double p1 = baseline, p2 = other(), pBar = (p1 + p2) / 2;
    double za = Normal.quantile(1 - alpha / 2), zb = Normal.quantile(power);
    double root = za * Math.sqrt(2 * pBar * (1 - pBar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
    return (int) Math.ceil(root * root / (detect * detect) - 1e-9);
  }

  /** ψ used by the paired design: the given one, or p₁q₂ + p₂q₁. */
  public double psi() {
    return Double.isNaN(discordant) ? baseline * (1 - other()) + other() * (1 - baseline) : discordant;
  }

  /** Shared episodes (pairs) for the paired design, rounded up. */
  public int paired() {
    double psi = psi();
    double za = Normal.quantile(1 - alpha / 2), zb = Normal.quantile(power);
    double root = za * Math.sqrt(psi) + zb * Math.sqrt(Math.max(0, psi - detect * detect));
    return (int) Math.ceil(root * root / (detect * detect) - 1e-9);
  }

  /** The answer, a few lines. */
  public String describe() {
    return String.format(Locale.ROOT, "detect %.1f %% → %.1f %% (δ = %.1f points), two-sided α = %.3f, power %.2f%n"
        + "  unpaired (two independent runs, two-proportion z-test): %d episodes per run (%d in all)%n"
        + "  paired (same episodes, McNemar): %d shared episodes per policy, with discordance ψ = %.3f%s%n"
        + "  (a LIBERO suite has 500 episodes: %.1f suites per run unpaired, %.1f paired)%n",
        100 * baseline, 100 * other(), 100 * detect, alpha, power, unpaired(), 2 * unpaired(), paired(), psi(),
        Double.isNaN(discordant) ? " (assumed: outcomes independent given the rates; measure ψ with vla4j compare)" : " (given)",
        unpaired() / 500.0, paired() / 500.0);
  }
}
