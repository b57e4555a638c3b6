package org.vla4j.eval.stats;

import org.vla4j.runlog.Jsonl;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vla4j.runlog.LoggedEpisode;
import org.vla4j.runlog.RunLogs;
import org.vla4j.runlog.EpisodeLogWriter;

/**
 * The per-episode table and overall rate of a run folder ({@code vla4j sweep} prints it after
 * running the evaluation; it also works on any finished run).
 *
 * @param rows one per episode, in order
 * @param overall successes over episodes
 */
public record Sweep(List<SweepRow> rows, Proportion overall) {

  /**
   * Reads the run in {@code dir}.
   *
   * @throws IllegalArgumentException if {@code dir} is not a run folder
   */
  public static Sweep of(Path dir) {
    List<LoggedEpisode> eps = RunLogs.episodes(dir);
    Map<Integer, Double> wall = RunLogs.timings(dir);
    Map<Integer, Double> finalReward = finalRewards(dir.resolve(EpisodeLogWriter.STEPS));
    List<SweepRow> rows = new ArrayList<>();
    int ok = 0;
    for (LoggedEpisode e : eps) {
      rows.add(new SweepRow(e.episode(), e.taskId(), e.initState(), e.seed(), e.success(),
          finalReward.getOrDefault(e.episode(), Double.NaN), e.firstGripperCloseStep(), wall.getOrDefault(e.episode(), Double.NaN)));
      if (e.success()) ok++;
    }
    return new Sweep(rows, new Proportion(ok, eps.size()));
  }

  private static Map<Integer, Double> finalRewards(Path steps) {
    Map<Integer, Double> out = new HashMap<>();
    if (!Files.isRegularFile(steps)) return out;
    Jsonl.forEach(steps, (n, no) -> out.put(n.path("episode").asInt(), n.path("reward").asDouble(Double.NaN)));
    return out;
  }

  /** The table: one line per episode, then the overall rate ± standard error and the Wilson interval. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%7s %4s %5s %21s %7s %12s %11s %7s%n", "episode", "task", "init", "seed", "success",
        "final_reward", "first_close", "wall_s"));
    for (SweepRow r : rows) {
      sb.append(String.format(Locale.ROOT, "%7d %4d %5d %21d %7s %12.4f %11d %7.3f%n", r.episode(), r.taskId(), r.initState(),
          r.seed(), r.success() ? "yes" : "no", r.finalReward(), r.firstGripperCloseStep(), r.wallSeconds()));
    }
    Proportion.Interval w = overall.wilson95();
    sb.append(String.format(Locale.ROOT, "success rate %.1f%% ± %.1f (SE), Wilson 95%% [%.1f, %.1f], %d/%d episodes%n",
        100 * overall.successRate(), 100 * overall.standardError(), 100 * w.lo(), 100 * w.hi(), overall.successes(), overall.n()));
    return sb.toString();
  }
}
