package org.vla4j.rollout;

/**
 * Derives each episode's 64-bit seed from the run seed, the task id and the trial number, so that an
 * episode's seed depends only on what the episode is, never on worker count or completion order.
 *
 * <p>The mix is three SplitMix64 steps (Steele, Lea, Flood 2014; the generator of
 * {@code java.util.SplittableRandom}): {@code h = mix(runSeed); h = mix(h ^ taskId); h = mix(h ^ trial)},
 * where {@code mix(x)} adds the golden-ratio increment 0x9E3779B97F4A7C15 and applies SplitMix64's
 * finalizer. Changing this changes every logged seed: it is part of the log format.
 */
public final class EpisodeSeeds {
  private EpisodeSeeds() {}

  /** The seed of trial {@code trial} (0-based) of task {@code taskId} in a run with seed {@code runSeed}. */
  public static long seed(long runSeed, int taskId, int trial) {
    long h = mix(runSeed);
    h = mix(h ^ taskId);
    return mix(h ^ trial);
  }

  /** One SplitMix64 step: increment by the golden gamma, then the variant-13 finalizer. */
  public static long mix(long x) {
    return org.vla4j.sim.Seeds.mix(x + org.vla4j.sim.Seeds.GOLDEN_GAMMA);
  }
}
