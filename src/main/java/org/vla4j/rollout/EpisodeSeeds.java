package org.vla4j.rollout;

import org.vla4j.sim.suite.Seeds;

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
  private static final long COLLECTION_SALT = 0x434f4c4cL; // "COLL"

  private EpisodeSeeds() {}

  /** The seed of trial {@code trial} (0-based) of task {@code taskId} in a run with seed {@code runSeed}. */
  public static long seed(long runSeed, int taskId, int trial) {
    long h = mix(runSeed);
    h = mix(h ^ taskId);
    return mix(h ^ trial);
  }

  /**
   * The seed of a collected demonstration ({@code vla4j collect}): the expert's noise stream and a
   * DAgger driver's coin for the episode that starts from TRAIN-stream init state {@code initState}
   * of task {@code taskId}. Its own mix, salted with "COLL" — {@code h = seed; for v in ("COLL",
   * taskId, initState): h = fin(h + γ·(v + 1))}, {@link Seeds#hash} — so that no demonstration shares an evaluation episode's seed. Part of the dataset format:
   * the shipped models' training data were collected with it.
   */
  public static long collection(long seed, int taskId, int initState) {
    return Seeds.hash(seed, COLLECTION_SALT, taskId, initState);
  }

  /** One SplitMix64 step: increment by the golden gamma, then the variant-13 finalizer. */
  public static long mix(long x) {
    return Seeds.mix(x + Seeds.GOLDEN_GAMMA);
  }
}
