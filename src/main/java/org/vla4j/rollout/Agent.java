package org.vla4j.rollout;

import org.vla4j.sim.env.Observation;
import org.vla4j.sim.env.Env;

/**
 * What chooses actions inside the closed loop: a learned policy (through the policy boxes) or a
 * privileged scripted one. Lives in {@code rollout}, where the simulator and the policies meet.
 * Not thread-safe: one per worker.
 */
public interface Agent extends AutoCloseable {
  /** The tag written on this agent's step lines, e.g. {@code expert} or {@code tiny-vla}. */
  String tag();

  /** Starts an episode; every random choice of the agent draws from {@code seed}. */
  void reset(long seed);

  /**
   * The next action.
   *
   * @param env the env, for privileged agents only (a learned policy must use {@code observation})
   * @param observation what the cameras and proprioception show now
   * @return {@code [dx, dy, dz, rx, ry, rz, gripper]}, normalized to [−1, 1]
   */
  double[] act(Env env, Observation observation);

  /**
   * What the agent reports about the action {@link #act} just returned, for the runtime monitor
   * (e.g. how many action tokens fell outside the action bins). Called once after each {@code act}.
   *
   * @return {@link StepDiagnostics#EMPTY} unless the agent overrides it
   */
  default StepDiagnostics diagnostics() {
    return StepDiagnostics.EMPTY;
  }

  /**
   * For an agent executing action chunks of more than one action: which query produced the action
   * {@link #act} just returned (for the step's log line). Called once after each {@code act}.
   *
   * @return null unless the agent overrides it (one-action agents: their logs stay as they were)
   */
  default StepRecord.Query lastQuery() {
    return null;
  }

  /**
   * The timed policy calls since the last {@link #reset} (the episode so far), or null when this
   * agent does not time its calls (everything but a remote policy: in-process runs keep their
   * timings.jsonl lines as they were).
   */
  default PolicyCalls policyCalls() {
    return null;
  }

  /**
   * The episode begun by the last {@link #reset} is over (success, failure, error or policy error):
   * called once per episode by {@link SimEpisodeRunner}, also when the episode threw. A batched
   * policy ({@link LockstepBatches}) stops waiting for this agent here. Default: nothing.
   */
  default void episodeEnded() {}

  /** Frees what the agent holds (a learned policy's ONNX sessions); the scripted expert holds nothing. */
  @Override
  default void close() {}
}
