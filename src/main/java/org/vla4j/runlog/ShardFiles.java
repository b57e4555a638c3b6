package org.vla4j.runlog;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the logs of a sharded run back together: the lines of {@code steps.jsonl}, {@code
 * episodes.jsonl}, {@code timings.jsonl} and {@code monitor.jsonl} of every shard, regrouped by
 * their episode index and written in index order, each line as it was written (no re-formatting),
 * so the merged files are byte-identical to the unsharded run's. The caller checks that the shards
 * belong together ({@code org.vla4j.eval.run.ShardMerge}).
 */
public final class ShardFiles {
  private static final Pattern EPISODE = Pattern.compile("^\\{\"episode\":(\\d+),");
  private static final List<String> LOGS = List.of(EpisodeLogWriter.STEPS, EpisodeLogWriter.EPISODES, EpisodeLogWriter.TIMINGS,
      EpisodeLogWriter.MONITOR);

  private ShardFiles() {}

  /**
   * Writes the merged logs into {@code out} (which must exist and hold no logs).
   *
   * @param shards the shard run folders, any order
   * @return the number of episodes written
   * @throws IllegalArgumentException if two shards hold the same episode, or a line has no episode index
   * @throws UncheckedIOException if a file cannot be written
   */
  public static int merge(List<Path> shards, Path out) {
    Map<Integer, Path> owner = new TreeMap<>();
    for (Path dir : shards) {
      for (LoggedEpisode e : RunLogs.episodes(dir)) {
        Path before = owner.put(e.episode(), dir);
        if (before != null) {
          throw new IllegalArgumentException("episode " + e.episode() + " is in two shards: " + before + " and " + dir);
        }
      }
    }
    for (String name : LOGS) {
      Map<Integer, List<String>> byEpisode = new TreeMap<>();
      for (Path dir : shards) {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f)) continue;
        List<String> lines = Jsonl.lines(f);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          if (line == null || line.isBlank()) continue;
          Matcher m = EPISODE.matcher(line);
          if (!m.find()) throw new IllegalArgumentException(f + " line " + (i + 1) + ": no episode index at its start");
          int ep = Integer.parseInt(m.group(1));
          if (owner.containsKey(ep)) byEpisode.computeIfAbsent(ep, k -> new ArrayList<>()).add(line);
        }
      }
      if (byEpisode.isEmpty() && name.equals(EpisodeLogWriter.MONITOR)) continue; // created only when there are events
      Path target = out.resolve(name);
      try (BufferedWriter w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
        for (List<String> lines : byEpisode.values()) {
          for (String line : lines) {
            w.write(line);
            w.write('\n');
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
      }
    }
    return owner.size();
  }
}
