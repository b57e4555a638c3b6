package org.vla4j.runlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads step lines ({@code steps.jsonl} of a run folder, or a drill's JSONL with the same keys) into
 * {@link StepRow}s. Required key: {@code action} (7 numbers or nulls). Optional keys and their
 * defaults: {@code episode} (0), {@code step} (the line's position within its episode),
 * {@code img_mean} (NaN), {@code reward} (0), {@code done} (false), {@code tag} ({@code policy}).
 * Blank lines are skipped; a null number reads as NaN.
 */
public final class StepRows {

  private StepRows() {}

  /**
   * Reads every step of a JSONL file ({@link Jsonl}'s rules: a partial last line, as a killed writer
   * leaves it, is ignored).
   *
   * @throws IllegalArgumentException if the file cannot be read, or a line is not JSON or lacks a
   *     7-entry {@code action} (the message names the file and line)
   */
  public static List<StepRow> read(Path file) {
    List<StepRow> rows = new ArrayList<>();
    Map<Integer, Integer> nextStep = new LinkedHashMap<>();
    List<String> lines = Jsonl.lines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line == null || line.isBlank()) continue;
      rows.add(parse(line, file + " line " + (i + 1), nextStep));
    }
    return rows;
  }

  /** Parses one line; {@code where} names it in error messages. */
  static StepRow parse(String line, String where, Map<Integer, Integer> nextStep) {
    JsonNode n;
    try {
      n = JsonFiles.MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": not valid JSON: " + (line.length() > 80 ? line.substring(0, 77) + "..." : line));
    }
    if (n == null || !n.isObject()) throw new IllegalArgumentException(where + ": expected a JSON object per line");
    JsonNode a = n.get("action");
    if (a == null || !a.isArray() || a.size() != StepRow.ACTION_DIM) {
      throw new IllegalArgumentException(where + ": expected \"action\": an array of 7 numbers [dx,dy,dz,rx,ry,rz,gripper], got " + a);
    }
    double[] action = new double[StepRow.ACTION_DIM];
    for (int i = 0; i < action.length; i++) action[i] = number(a.get(i), where + ": action[" + i + "]");
    int episode = n.path("episode").asInt(0);
    int step = n.has("step") ? n.get("step").asInt() : nextStep.getOrDefault(episode, 0);
    nextStep.put(episode, step + 1);
    return new StepRow(episode, step, n.has("img_mean") ? number(n.get("img_mean"), where + ": img_mean") : Double.NaN, action,
        n.has("reward") ? number(n.get("reward"), where + ": reward") : 0.0, n.path("done").asBoolean(false),
        n.path("tag").asText("policy"));
  }

  private static double number(JsonNode x, String what) {
    if (x == null || x.isNull()) return Double.NaN;
    if (!x.isNumber()) throw new IllegalArgumentException(what + " is " + x + ", not a number or null");
    return x.asDouble();
  }

  /** The rows of one episode, in file order. */
  public static List<StepRow> episode(List<StepRow> rows, int episode) {
    return rows.stream().filter(r -> r.episode() == episode).toList();
  }

  /** The distinct episode indices, in order of first appearance. */
  public static List<Integer> episodes(List<StepRow> rows) {
    return rows.stream().map(StepRow::episode).distinct().toList();
  }
}
