package org.vla4j.runlog;

/**
 * What the summary needs of a written episode.
 *
 * @param index the episode's canonical index
 * @param taskId its task
 * @param success whether it succeeded
 */
public record EpisodeOutcome(int index, int taskId, boolean success) {}
