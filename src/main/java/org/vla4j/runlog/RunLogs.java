package org.vla4j.runlog;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vla4j.rollout.MonitorEvent;

/**
 * Reads a finished (or partial) run folder: {@code config.json}, {@code episodes.jsonl},
 * {@code timings.jsonl}, {@code steps.jsonl}, {@code monitor.jsonl}. A trailing partial line (a kill
 * while writing) is ignored. Errors name the file and line.
 */
public final class RunLogs {
  private RunLogs() {}

  /**
   * config.json as JSON.
   *
   * @throws IllegalArgumentException if {@code dir} has no readable config.json (not a run folder)
   */
  public static JsonNode config(Path dir) {
    Path f = dir.resolve(RunFolder.CONFIG);
    if (!Files.isRegularFile(f)) {
      throw new IllegalArgumentException(dir + " is not a run folder: it has no " + RunFolder.CONFIG + " (give the --out folder of vla4j eval)");
    }
    return JsonFiles.read(f);
  }

  /** summary.json as JSON, or null if the run has none (not finished). */
  public static JsonNode summaryOrNull(Path dir) {
    Path f = dir.resolve(RunFolder.SUMMARY);
    return Files.isRegularFile(f) ? JsonFiles.read(f) : null;
  }

  /**
   * Every line of episodes.jsonl, in order.
   *
   * @throws IllegalArgumentException if the file is missing or a line is malformed
   */
  public static List<LoggedEpisode> episodes(Path dir) {
    List<LoggedEpisode> out = new ArrayList<>();
    Path f = dir.resolve(EpisodeLogWriter.EPISODES);
    if (!Files.isRegularFile(f)) throw new IllegalArgumentException(dir + " has no " + EpisodeLogWriter.EPISODES + "; is it a run folder?");
    lines(f, (n) -> {
      JsonNode failure = n.get("failure_reason");
      out.add(new LoggedEpisode(req(n, "episode").asInt(), req(n, "task_id").asInt(), n.path("instruction").asText(),
          req(n, "init_state").asInt(), req(n, "seed").asLong(), req(n, "success").asBoolean(), n.path("steps").asInt(),
          n.path("first_gripper_close_step").asInt(-1), failure == null || failure.isNull() ? null : failure.asText()));
    });
    return out;
  }

  /** Wall seconds per episode from timings.jsonl (empty if the file is missing). */
  public static Map<Integer, Double> timings(Path dir) {
    Map<Integer, Double> out = new LinkedHashMap<>();
    Path f = dir.resolve(EpisodeLogWriter.TIMINGS);
    if (Files.isRegularFile(f)) lines(f, n -> out.put(n.path("episode").asInt(), n.path("wall_s").asDouble(Double.NaN)));
    return out;
  }

  /** Events of monitor.jsonl, in order (empty if the run had no monitor events). */
  public static List<MonitorEvent> monitorEvents(Path dir) {
    List<MonitorEvent> out = new ArrayList<>();
    Path f = dir.resolve(EpisodeLogWriter.MONITOR);
    if (Files.isRegularFile(f)) {
      lines(f, n -> out.add(new MonitorEvent(n.path("episode").asInt(), n.path("step").asInt(), n.path("monitor").asText(),
          n.path("evidence").asText(), n.path("stopped").asBoolean())));
    }
    return out;
  }

  /**
   * The raw lines of steps.jsonl of one episode, in order.
   *
   * @throws IllegalArgumentException if steps.jsonl is missing
   */
  public static List<String> stepLines(Path dir, int episode) {
    Path f = dir.resolve(EpisodeLogWriter.STEPS);
    if (!Files.isRegularFile(f)) throw new IllegalArgumentException(dir + " has no " + EpisodeLogWriter.STEPS);
    String prefix = "{\"episode\":" + episode + ",";
    List<String> out = new ArrayList<>();
    for (String line : Jsonl.lines(f)) if (line != null && line.startsWith(prefix)) out.add(line);
    return out;
  }

  private static JsonNode req(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) throw new IllegalArgumentException("missing key '" + key + "' in " + n);
    return v;
  }

  private static void lines(Path f, Consumer<JsonNode> each) {
    Jsonl.forEach(f, (n, no) -> each.accept(n));
  }

}
