package org.vla4j.policy;

/**
 * An action chunk {@code [H, 7]} in env units, time-major (rows are time steps, each {@code [dx, dy,
 * dz, rx, ry, rz, gripper]}), as openpi's server answers it ({@code "actions"}). How a chunk is
 * executed (open loop, replan every n steps, ensembling) is the rollout's choice (as in openpi's
 * client, ACT's temporal ensemble and LeRobot's async inference).
 *
 * @param actions H rows of 7 values, H ≥ 1; not copied
 */
public record ActionChunk(double[][] actions) {
  /** @throws IllegalArgumentException if empty or a row is not 7-D */
  public ActionChunk {
    if (actions == null || actions.length == 0) throw new IllegalArgumentException("an action chunk needs at least one action");
    for (double[] a : actions) {
      if (a == null || a.length != 7) throw new IllegalArgumentException("each action of a chunk must be 7-D");
    }
  }

  /** H, the number of actions. */
  public int horizon() {
    return actions.length;
  }

  /** Action {@code t} (0-based). */
  public double[] get(int t) {
    return actions[t];
  }
}
