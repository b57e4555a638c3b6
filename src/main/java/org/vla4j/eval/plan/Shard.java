package org.vla4j.eval.plan;

import java.util.List;
import org.vla4j.rollout.EpisodeSpec;

/**
 * One part of a plan split for several machines ({@code eval --shard i/N}): shard i runs the plan's
 * episodes whose index is i modulo N, so every episode is in exactly one shard and each shard gets
 * every task in turn (round robin balances the slow tasks). Episodes keep their plan index, seed and
 * init state, so a shard's log lines are the unsharded run's lines for those episodes and {@code
 * vla4j merge} puts them back together byte for byte.
 *
 * @param index this shard, 0 ≤ index &lt; count
 * @param count number of shards, ≥ 1
 */
public record Shard(int index, int count) {
  /** The whole plan. */
  public static final Shard ALL = new Shard(0, 1);

  /** @throws IllegalArgumentException unless 0 ≤ index &lt; count */
  public Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("shard " + index + "/" + count + " does not exist: give I/N with N ≥ 1 and 0 ≤ I < N");
    }
  }

  /**
   * Parses {@code I/N}, e.g. {@code 0/4}.
   *
   * @throws IllegalArgumentException naming the text and the valid form
   */
  public static Shard parse(String text) {
    String[] p = text.trim().split("/", -1);
    try {
      if (p.length == 2) return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("--shard '" + text + "' is not I/N (e.g. 0/4: the first of four shards)");
  }

  /** Whether this is the whole plan. */
  public boolean isAll() {
    return count == 1;
  }

  /** The plan's episodes in this shard, in plan order. */
  public List<EpisodeSpec> of(List<EpisodeSpec> plan) {
    return plan.stream().filter(e -> e.index() % count == index).toList();
  }

  /** {@code I/N}. */
  @Override
  public String toString() {
    return index + "/" + count;
  }
}
