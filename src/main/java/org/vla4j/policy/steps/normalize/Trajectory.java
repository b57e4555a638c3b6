package org.vla4j.policy.steps.normalize;

/**
 * One trajectory (episode) as input to statistics: its actions {@code [T, D]} and, optionally, its
 * proprioceptive states {@code [T, P]}, in env units.
 *
 * @param actions [T, D] actions, T ≥ 1, rows of equal length
 * @param proprio [T', P] proprio states, or {@code null} when the dataset has none
 */
public record Trajectory(double[][] actions, double[][] proprio) {

  /** @throws IllegalArgumentException if there are no actions */
  public Trajectory {
    if (actions == null || actions.length == 0) {
      throw new IllegalArgumentException("a trajectory needs at least one action");
    }
  }
}
