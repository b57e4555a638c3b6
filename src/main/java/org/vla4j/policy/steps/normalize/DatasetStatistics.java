package org.vla4j.policy.steps.normalize;

/**
 * The statistics of one dataset key in {@code dataset_statistics.json} (OpenVLA,
 * arXiv:2406.09246): {@code {"action": {...}, "proprio": {...}, "num_transitions": n,
 * "num_trajectories": n}}.
 *
 * @param action action statistics, or {@code null} when the file has none for this key (such a
 *     key cannot be used as an unnorm_key; see {@link NormalizationStatistics#requireActionStatistics})
 * @param proprio proprioceptive-state statistics, or {@code null} when absent
 * @param numTransitions number of (observation, action) steps, ≥ 0
 * @param numTrajectories number of trajectories (episodes), ≥ 0
 */
public record DatasetStatistics(
    FeatureStatistics action, FeatureStatistics proprio, long numTransitions, long numTrajectories) {

  /** @throws IllegalArgumentException on negative counts */
  public DatasetStatistics {
    if (numTransitions < 0 || numTrajectories < 0) {
      throw new IllegalArgumentException(
          "counts must be ≥ 0, got num_transitions=" + numTransitions + " num_trajectories="
              + numTrajectories);
    }
  }
}
