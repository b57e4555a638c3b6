package org.vla4j.runlog;

import org.vla4j.rollout.StepRecord;

/**
 * One step as the failure predicates see it: a line of {@code steps.jsonl} or of a drill's JSONL.
 *
 * @param episode episode index
 * @param step step within the episode (wait steps counted)
 * @param imgMean mean of the agentview image the policy saw, 0..255; NaN if not logged or null
 * @param action {@code [dx, dy, dz, rx, ry, rz, gripper]}, normalized to [−1, 1]; NaN where logged as null
 * @param reward reward after the step (1.0 on success)
 * @param done whether the episode ended with this step because the task succeeded
 * @param tag what produced the action ({@code wait} for the protocol's no-op steps)
 */
public record StepRow(int episode, int step, double imgMean, double[] action, double reward, boolean done, String tag) {
  /** Action dimensions: 3 translation, 3 rotation, 1 gripper. */
  public static final int ACTION_DIM = 7;

  /** @throws IllegalArgumentException if the action does not have 7 entries */
  public StepRow {
    if (action == null || action.length != ACTION_DIM) {
      throw new IllegalArgumentException("a step's action must have " + ACTION_DIM + " entries [dx,dy,dz,rx,ry,rz,gripper], got "
          + (action == null ? "none" : action.length));
    }
    action = action.clone();
  }

  /** The same step taken from a runner's record. */
  public static StepRow of(StepRecord r) {
    return new StepRow(r.episode(), r.step(), r.imgMean(), r.action(), r.reward(), r.done(), r.tag());
  }

  /** Whether this is one of the protocol's no-op wait steps (predicates skip them). */
  public boolean isWait() {
    return "wait".equals(tag);
  }

  /** Euclidean norm of the translation part (dx, dy, dz), normalized units (0..√3). */
  public double translationNorm() {
    return Math.sqrt(action[0] * action[0] + action[1] * action[1] + action[2] * action[2]);
  }

  /** Whether every action entry is finite. */
  public boolean actionFinite() {
    for (double a : action) if (!Double.isFinite(a)) return false;
    return true;
  }
}
