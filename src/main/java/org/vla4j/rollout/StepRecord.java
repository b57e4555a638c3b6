package org.vla4j.rollout;

/**
 * One logged control step of an episode (a line of {@code steps.jsonl}).
 *
 * @param episode episode index in the run
 * @param step step number within the episode, counting wait steps from 0
 * @param imgMean mean of the agentview image the policy saw (all pixels and channels, 0..255)
 * @param action the 7-D action sent to the env, [dx, dy, dz, rx, ry, rz, gripper] in [−1, 1]
 * @param reward reward after the step (1.0 on success, else 0.0)
 * @param done whether the episode ended with this step (success)
 * @param tag what produced the action: {@code wait} for the protocol's no-op steps, else the policy's tag
 */
public record StepRecord(int episode, int step, double imgMean, double[] action, double reward, boolean done, String tag) {
  /** The tag of the protocol's wait steps. */
  public static final String WAIT = "wait";

  /** Whether this is one of the protocol's wait steps (no agent acted). */
  public boolean isWait() {
    return WAIT.equals(tag);
  }
}
