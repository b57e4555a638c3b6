package org.vla4j.runlog;

import org.vla4j.rollout.EpisodeSpec;

/**
 * A line of {@code episodes.jsonl} (docs/FORMATS.md).
 *
 * @param episode episode index
 * @param taskId task id
 * @param instruction the instruction
 * @param initState init state index
 * @param seed the episode's seed
 * @param success whether it succeeded
 * @param steps policy steps taken
 * @param firstGripperCloseStep first policy step closing the gripper, −1 if never
 * @param failureReason null on success
 */
public record LoggedEpisode(int episode, int taskId, String instruction, int initState, long seed, boolean success, int steps,
    int firstGripperCloseStep, String failureReason) {
  /** The spec that re-runs this episode. */
  public EpisodeSpec spec() {
    return new EpisodeSpec(episode, taskId, initState, seed);
  }
}
