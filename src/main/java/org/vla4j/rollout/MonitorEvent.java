package org.vla4j.rollout;

/**
 * A runtime-monitor verdict raised during an episode (a line of {@code monitor.jsonl}).
 *
 * @param episode episode index in the run
 * @param step step within the episode (wait steps counted, as in {@code steps.jsonl}) at which it fired
 * @param monitor the monitor's name, e.g. {@code gripper_chatter} or {@code bad_unnorm}
 * @param evidence one line saying what was seen, with the numbers and the threshold
 * @param stopped whether the monitor ended the episode (mode {@code stop})
 */
public record MonitorEvent(int episode, int step, String monitor, String evidence, boolean stopped) {}
