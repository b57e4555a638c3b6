package org.vla4j.runlog;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one JSONL reader of vla4j's run files ({@code steps.jsonl}, {@code episodes.jsonl}, {@code
 * timings.jsonl}, {@code monitor.jsonl}, drill files): one JSON value per line, blank lines skipped.
 * A last line without its newline is what a writer killed mid-line (or still writing) leaves: it is
 * read if it is complete JSON and ignored if not, so every reader treats a crashed run the same way
 * and a hand-written file without a final newline keeps its last line. Errors name the file and line.
 */
public final class Jsonl {
  private Jsonl() {}

  /** Handles one parsed line; {@code lineNumber} counts from 1. */
  @FunctionalInterface
  public interface LineHandler {
    void accept(JsonNode line, int lineNumber);
  }

  /**
   * Parses every line of {@code file} and hands it to {@code each}, in order.
   *
   * @throws IllegalArgumentException if the file cannot be read, or a complete line is not JSON
   *     ({@code <file> line <n>: not valid JSON: …}), or {@code each} rejects a line (its message
   *     prefixed with the file and line)
   */
  public static void forEach(Path file, LineHandler each) {
    List<String> lines = lines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line == null || line.isBlank()) continue;
      JsonNode n;
      try {
        n = JsonFiles.MAPPER.readTree(line);
      } catch (IOException e) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": not valid JSON: " + abbreviate(line));
      }
      try {
        each.accept(n, i + 1);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * The text lines of {@code file} as {@link #forEach} sees them: every newline-terminated line, then
   * the unterminated last line if it parses as JSON; an ignored partial line is given as null so that
   * line numbers stay those of the file.
   *
   * @throws IllegalArgumentException if the file cannot be read
   */
  public static List<String> lines(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + IoErrors.reason(e), e);
    }
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int end; (end = text.indexOf('\n', start)) >= 0; start = end + 1) out.add(text.substring(start, end));
    if (start < text.length()) {
      String tail = text.substring(start);
      out.add(isJson(tail) ? tail : null);
    }
    return out;
  }

  private static boolean isJson(String s) {
    try {
      JsonFiles.MAPPER.readTree(s);
      return !s.isBlank();
    } catch (IOException e) {
      return false;
    }
  }

  static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
