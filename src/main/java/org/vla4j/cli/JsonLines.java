package org.vla4j.cli;

import org.vla4j.runlog.JsonFiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Line-oriented JSON I/O for the exactness-check commands: one JSON array per input line, one per
 * output line. Parsing errors become {@link IllegalArgumentException}s naming the line (exit 2).
 */
final class JsonLines {

  static final ObjectMapper MAPPER = JsonFiles.MAPPER;

  /** For option values typed by hand: also accepts numbers like {@code .5} and {@code -.5}. */
  private static final ObjectMapper LENIENT =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
          .build();

  /** Handles one parsed line; returns the JSON to print. */
  interface LineHandler {
    JsonNode handle(JsonNode line, int lineNumber);
  }

  private JsonLines() {}

  /** Opens {@code "-"} as stdin, anything else as a UTF-8 file. */
  static BufferedReader open(String input) {
    try {
      return "-".equals(input)
          ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
          : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read input " + input + ": " + org.vla4j.runlog.IoErrors.reason(e), e);
    }
  }

  /** Reads every non-blank line of {@code input}, hands it to {@code h}, prints the answers. */
  static void process(String input, PrintWriter out, LineHandler h) {
    try (BufferedReader r = open(input)) {
      int n = 0;
      for (String line; (line = r.readLine()) != null; ) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException("line " + n + ": not valid JSON (NaN and Infinity are not"
              + " accepted): " + abbreviate(line));
        }
        out.println(JsonFiles.LINE.writeValueAsString(h.handle(node, n)));
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }

  /** A JSON array of finite numbers → {@code double[]}; errors name the line and element. */
  static double[] doubles(JsonNode n, String what) {
    if (n == null || !n.isArray() || n.isEmpty()) {
      throw new IllegalArgumentException(what + ": expected a non-empty JSON array of numbers, got " + n);
    }
    double[] v = new double[n.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode x = n.get(i);
      if (!x.isNumber()) {
        throw new IllegalArgumentException(what + ": element " + i + " is " + x + ", not a number");
      }
      v[i] = x.asDouble();
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException(what + ": element " + i + " is " + x + ", not a finite number");
      }
    }
    return v;
  }

  /** A JSON array of integers (32-bit) → {@code int[]}; errors name the line and element. */
  static int[] ints(JsonNode n, String what) {
    if (n == null || !n.isArray() || n.isEmpty()) {
      throw new IllegalArgumentException(what + ": expected a non-empty JSON array of token ids, got " + n);
    }
    int[] v = new int[n.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode x = n.get(i);
      if (!x.isIntegralNumber() || !x.canConvertToInt()) {
        throw new IllegalArgumentException(what + ": element " + i + " is " + x + ", not a 32-bit integer token id");
      }
      v[i] = x.asInt();
    }
    return v;
  }

  /** Parses an option value such as {@code '[-0.5, 0.5]'}. */
  static double[] parseVector(String option, String text) {
    try {
      return doubles(LENIENT.readTree(text), option);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(option + ": not a JSON array of numbers: " + text);
    }
  }

  static ArrayNode array(double[] v) {
    ArrayNode a = MAPPER.createArrayNode();
    for (double x : v) {
      a.add(x);
    }
    return a;
  }

  static ArrayNode array(int[] v) {
    ArrayNode a = MAPPER.createArrayNode();
    for (int x : v) {
      a.add(x);
    }
    return a;
  }
}
