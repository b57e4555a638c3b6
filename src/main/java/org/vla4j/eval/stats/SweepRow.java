package org.vla4j.eval.stats;

/**
 * One episode of a sweep, as printed by {@code vla4j sweep}.
 *
 * @param episode episode index
 * @param taskId task id
 * @param initState init state
 * @param seed episode seed
 * @param success whether it succeeded
 * @param finalReward reward after the last step (1.0 on success), NaN if no steps were logged
 * @param firstGripperCloseStep first policy step closing the gripper, −1 if never
 * @param wallSeconds wall-clock seconds of the episode, NaN if not logged
 */
public record SweepRow(int episode, int taskId, int initState, long seed, boolean success, double finalReward,
    int firstGripperCloseStep, double wallSeconds) {}
