package org.vla4j.runlog;

import org.vla4j.rollout.EpisodeResult;
import org.vla4j.rollout.EpisodeSpec;
import org.vla4j.rollout.MonitorEvent;
import org.vla4j.rollout.StepRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends finished episodes to a run folder's logs: first the episode's lines of
 * {@code steps.jsonl}, then its runtime-monitor events to {@code monitor.jsonl} (a file created only
 * when some episode has events), then its line of {@code timings.jsonl}, then its line of
 * {@code episodes.jsonl}, each file flushed before the next is written. A line in
 * {@code episodes.jsonl} is therefore the commit mark of an episode: when it is there, so are the
 * episode's steps. Not thread-safe; the caller writes episodes in their canonical order.
 */
public final class EpisodeLogWriter implements AutoCloseable {
  /** File names inside a run folder. */
  public static final String STEPS = "steps.jsonl";
  public static final String EPISODES = "episodes.jsonl";
  public static final String TIMINGS = "timings.jsonl";
  /** Runtime-monitor events; created only when an episode has one. */
  public static final String MONITOR = "monitor.jsonl";

  private final Writer steps;
  private final Writer timings;
  private final Writer episodes;
  private final Path runDir;
  private Writer monitor;

  /**
   * Opens the three logs of {@code runDir} for appending (creating them if needed).
   *
   * @throws UncheckedIOException if a file cannot be opened
   */
  public EpisodeLogWriter(Path runDir) {
    this.runDir = runDir;
    try {
      steps = open(runDir.resolve(STEPS));
      timings = open(runDir.resolve(TIMINGS));
      episodes = open(runDir.resolve(EPISODES));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the logs in " + runDir + ": " + e.getMessage(), e);
    }
  }

  private static Writer open(Path p) throws IOException {
    return new BufferedWriter(new OutputStreamWriter(
        Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
        StandardCharsets.UTF_8), 1 << 16);
  }

  /**
   * Appends one episode (steps, timing, episode line) and flushes.
   *
   * @param spec the planned episode (its index is written as the episode field of every line)
   * @param result what the runner returned for it
   */
  public void append(EpisodeSpec spec, EpisodeResult result) {
    try {
      for (StepRecord r : result.stepRecords()) {
        steps.write(LogLines.step(spec.index(), r));
        steps.write('\n');
      }
      steps.flush();
      if (!result.monitorEvents().isEmpty()) {
        if (monitor == null) monitor = open(runDir.resolve(MONITOR));
        for (MonitorEvent e : result.monitorEvents()) {
          monitor.write(LogLines.monitor(spec.index(), e));
          monitor.write('\n');
        }
        monitor.flush();
      }
      timings.write(LogLines.timing(spec.index(), result.wallSeconds(), result.policyCalls()));
      timings.write('\n');
      timings.flush();
      episodes.write(LogLines.episode(spec, result));
      episodes.write('\n');
      episodes.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append episode " + spec.index() + " to the logs: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    IOException first = null;
    for (Writer w : new Writer[] {steps, timings, episodes, monitor}) {
      if (w == null) continue;
      try {
        w.close();
      } catch (IOException e) {
        if (first == null) first = e;
      }
    }
    if (first != null) throw new UncheckedIOException(first);
  }
}
