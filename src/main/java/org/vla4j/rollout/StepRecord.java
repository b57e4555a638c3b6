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
 * @param query for an action executed from action chunks of more than one action: which query made it
 *     ({@link ChunkExecutor}); null otherwise (one-action policies, wait steps)
 */
public record StepRecord(int episode, int step, double imgMean, double[] action, double reward, boolean done, String tag, Query query) {
  /** The tag of the protocol's wait steps. */
  public static final String WAIT = "wait";

  /** A step without chunk provenance. */
  public StepRecord(int episode, int step, double imgMean, double[] action, double reward, boolean done, String tag) {
    this(episode, step, imgMean, action, reward, done, tag, null);
  }

  /**
   * Which query of a chunked policy produced an executed action.
   *
   * @param index the newest contributing query, counted from 0 within the episode
   * @param blend how many predictions were averaged into the action (1 for open loop), ≥ 1
   */
  public record Query(int index, int blend) {}

  /** The same step with another tag (chunk provenance kept). */
  public StepRecord withTag(String t) {
    return new StepRecord(episode, step, imgMean, action, reward, done, t, query);
  }

  /** Whether this is one of the protocol's wait steps (no agent acted). */
  public boolean isWait() {
    return WAIT.equals(tag);
  }
}
