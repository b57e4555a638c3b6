package org.vla4j.sim.suite;

/**
 * The one 64-bit mixing function every seeded choice in vla4j derives from: SplitMix64's
 * finalizer (Steele, Lea, Flood 2014, variant 13), so init states, noise streams and episode seeds
 * are pure, portable functions of their coordinates.
 */
public final class Seeds {
  private Seeds() {}

  /** SplitMix64's golden-ratio increment. */
  public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  /**
   * A 64-bit hash of a seed and integer coordinates: {@code h = seed; for each v: h = mix(h + γ·(v + 1))},
   * γ = {@link #GOLDEN_GAMMA}. The init-state generator and the collection seeds derive from it; it
   * is part of their stored outputs (init states, datasets), so it must not change.
   */
  public static long hash(long seed, long... coordinates) {
    long h = seed;
    for (long v : coordinates) h = mix(h + GOLDEN_GAMMA * (v + 1));
    return h;
  }

  /** The finalizer: a bijective avalanche of {@code z}. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
