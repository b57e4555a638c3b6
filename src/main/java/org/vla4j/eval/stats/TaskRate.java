package org.vla4j.eval.stats;

/**
 * The success rate of one task (or of all tasks, with {@code taskId} −1).
 *
 * @param taskId task id within the suite, or −1 for the overall rate
 * @param instruction the task's instruction ({@code "overall"} for the overall rate)
 * @param rate successes out of episodes
 */
public record TaskRate(int taskId, String instruction, Proportion rate) {}
