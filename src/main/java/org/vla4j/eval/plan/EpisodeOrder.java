package org.vla4j.eval.plan;

import java.util.ArrayList;
import java.util.List;
import org.vla4j.rollout.EpisodeSpec;
import org.vla4j.sim.suite.Seeds;

/**
 * The seeded order in which a sequential evaluation ({@code eval --until-ci-width},
 * {@code --sequential-vs}) runs its plan: a Fisher–Yates shuffle (Knuth, TAOCP vol. 2, Algorithm P)
 * of the plan's episodes driven by a SplitMix64 stream. The plan is task-major (all of task 0's
 * episodes, then task 1's, ...), so stopping part-way through it would measure the first tasks
 * only; after the shuffle, every prefix at which a stopping rule can end the run is a uniformly
 * random subset of the plan, fixed before any outcome is seen.
 *
 * <p>Algorithm (part of the log format: changing it changes which episodes a sequential run logs):
 * {@code h = Seeds.hash(orderSeed, 0x4f524452 ("ORDR"))}; for i = n−1 down to 1: {@code h =
 * Seeds.mix(h + γ)}, j = the high 64 bits of the unsigned product h·(i+1), swap positions i and j.
 * Episodes keep their plan index (the {@code episode} field of every log line).
 */
public final class EpisodeOrder {
  private static final long ORDER_SALT = 0x4f524452L; // "ORDR"

  private EpisodeOrder() {}

  /**
   * The plan's episodes in their seeded order.
   *
   * @param plan the episodes, in plan order
   * @param orderSeed the permutation's seed (the run seed unless given)
   * @return a new list with the same episodes, permuted
   */
  public static List<EpisodeSpec> shuffled(List<EpisodeSpec> plan, long orderSeed) {
    List<EpisodeSpec> out = new ArrayList<>(plan);
    long h = Seeds.hash(orderSeed, ORDER_SALT);
    for (int i = out.size() - 1; i > 0; i--) {
      h = Seeds.mix(h + Seeds.GOLDEN_GAMMA);
      int j = (int) Math.unsignedMultiplyHigh(h, i + 1L);
      EpisodeSpec t = out.get(i);
      out.set(i, out.get(j));
      out.set(j, t);
    }
    return out;
  }
}
