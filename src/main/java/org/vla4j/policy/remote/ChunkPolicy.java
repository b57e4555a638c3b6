package org.vla4j.policy.remote;

import org.vla4j.policy.Policy;
import org.vla4j.policy.PolicyInput;

/**
 * A {@link Policy} that can answer a whole action chunk per call (openpi). {@link #act} returns the
 * chunk's first action (so it works wherever a Policy does, at one server call per step); a chunk
 * executor calls {@link #actChunk} instead. Not thread-safe.
 */
public interface ChunkPolicy extends Policy {
  /**
   * The action chunk for one observation.
   *
   * @throws IllegalArgumentException if the server refused the input as bad
   * @throws RemotePolicyException if the server failed, timed out or broke the protocol
   */
  ActionChunk actChunk(PolicyInput input);

  /**
   * How many actions of each chunk the rollout executes open loop before it calls again (fewer
   * when a chunk is shorter), ≥ 1. The rollout's {@code PolicyAgent} is the chunk executor: it
   * forgets a partly executed chunk at every episode start, so episodes stay independent. Default 1
   * (a new call every step, the chunk's first action), as the vla-eval harness runs.
   */
  default int replanSteps() {
    return 1;
  }
}
