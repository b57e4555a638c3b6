package org.vla4j.rollout;

/**
 * What defines one episode of an evaluation, before it runs.
 *
 * @param index position of the episode in the run's canonical order (0-based); logs are written in this order
 * @param taskId task id within the suite
 * @param initState index of the fixed init state the episode starts from
 * @param seed the episode's seed for every random choice (policy sampling, expert noise)
 */
public record EpisodeSpec(int index, int taskId, int initState, long seed) {}
