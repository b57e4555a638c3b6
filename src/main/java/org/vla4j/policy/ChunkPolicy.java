package org.vla4j.policy;

/**
 * A {@link Policy} that answers a whole action chunk {@code [H, 7]} per call (openpi's servers, the
 * vla-eval harness, in-process chunked models). {@link #act} returns the chunk's first action (so it
 * works wherever a Policy does, at one call per step); the rollout's chunk executor calls {@link
 * #actChunk} instead and decides how chunks become executed actions (open loop, temporal ensemble,
 * queue merge: {@code rollout.ChunkExecutor}). Not thread-safe.
 */
public interface ChunkPolicy extends Policy {
  /** {@link #replanSteps()} of a policy whose chunks run open loop to their end by default. */
  int WHOLE_CHUNK = Integer.MAX_VALUE;

  /**
   * The action chunk for one observation.
   *
   * @throws IllegalArgumentException if the input is bad (e.g. a server refused it as bad)
   * @throws RuntimeException for a remote policy, {@code RemotePolicyException} if the server failed,
   *     timed out or broke the protocol
   */
  ActionChunk actChunk(PolicyInput input);

  /**
   * How many actions of each chunk the default executor ({@code --executor open-loop}) runs open loop
   * before it calls again (fewer when a chunk is shorter), ≥ 1: openpi's {@code replan_steps} for its
   * client, {@link #WHOLE_CHUNK} for a policy that asks for no replanning. Default 1 (a new call every
   * step, the chunk's first action), as the vla-eval harness runs.
   */
  default int replanSteps() {
    return 1;
  }

  /**
   * Called by the rollout at every episode start with the episode's seed ({@code EpisodeSeeds}), before
   * the episode's first query: a policy that samples (a flow-matching head's noise) seeds its generator
   * from it, so that an episode is a pure function of its seed and observations. Default: nothing (a
   * deterministic policy).
   */
  default void startEpisode(long seed) {}
}
