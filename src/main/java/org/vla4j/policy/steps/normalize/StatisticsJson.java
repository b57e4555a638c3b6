package org.vla4j.policy.steps.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes OpenVLA's {@code dataset_statistics.json} layout (arXiv:2406.09246; the same
 * object is embedded as {@code norm_stats} in OpenVLA's HF config.json):
 *
 * <pre>{@code
 * { "<dataset>": { "action":  {"mean": [D], "std": [D], "max": [D], "min": [D],
 *                              "q01": [D], "q99": [D], "mask": [D bool]?},
 *                  "proprio": {"mean": ..., "q99": ...}?,
 *                  "num_transitions": n, "num_trajectories": n }, ... }
 * }</pre>
 *
 * Unknown fields are ignored on reading; writing emits the fields above in that order. Numbers are
 * float64; Jackson prints them with Java's shortest round-trip representation.
 */
public final class StatisticsJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StatisticsJson() {}

  /**
   * Reads a statistics file.
   *
   * @throws IllegalArgumentException if the file is missing, not JSON, or not in the layout above
   *     (the message names the file and the offending field)
   */
  public static NormalizationStatistics read(Path file) {
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read statistics file " + file + ": " + e.getMessage(), e);
    }
    try {
      return fromJson(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Parses the layout above from a JSON tree; errors as {@link #read}. */
  public static NormalizationStatistics fromJson(JsonNode root) {
    if (root == null || !root.isObject() || root.isEmpty()) {
      throw new IllegalArgumentException("statistics must be a non-empty JSON object of dataset keys");
    }
    Map<String, DatasetStatistics> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode ds = e.getValue();
      if (!ds.isObject()) {
        throw new IllegalArgumentException("dataset '" + key + "' is not a JSON object");
      }
      FeatureStatistics action = ds.has("action") ? feature(key + ".action", ds.get("action")) : null;
      FeatureStatistics proprio = ds.has("proprio") ? feature(key + ".proprio", ds.get("proprio")) : null;
      long nTrans = count(key, ds, "num_transitions");
      long nTraj = count(key, ds, "num_trajectories");
      out.put(key, new DatasetStatistics(action, proprio, nTrans, nTraj));
    }
    return new NormalizationStatistics(out);
  }

  private static long count(String key, JsonNode ds, String field) {
    JsonNode n = ds.get(field);
    if (n == null || n.isNull()) {
      return 0;
    }
    if (!n.canConvertToLong() || !n.isNumber()) {
      throw new IllegalArgumentException(key + "." + field + " must be an integer, got " + n);
    }
    return n.asLong();
  }

  private static FeatureStatistics feature(String where, JsonNode n) {
    if (!n.isObject()) {
      throw new IllegalArgumentException(where + " must be a JSON object");
    }
    try {
      boolean[] mask = null;
      JsonNode m = n.get("mask");
      if (m != null && !m.isNull()) {
        if (!m.isArray()) {
          throw new IllegalArgumentException("'mask' must be an array of booleans");
        }
        mask = new boolean[m.size()];
        for (int i = 0; i < mask.length; i++) {
          if (!m.get(i).isBoolean()) {
            throw new IllegalArgumentException("mask[" + i + "] is " + m.get(i) + ", expected true or false");
          }
          mask[i] = m.get(i).asBoolean();
        }
      }
      return new FeatureStatistics(
          vector(n, "mean"), vector(n, "std"), vector(n, "max"), vector(n, "min"),
          vector(n, "q01"), vector(n, "q99"), mask);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static double[] vector(JsonNode n, String field) {
    JsonNode a = n.get(field);
    if (a == null || !a.isArray()) {
      throw new IllegalArgumentException("field '" + field + "' is missing or not an array");
    }
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode x = a.get(i);
      if (!x.isNumber()) {
        throw new IllegalArgumentException(field + "[" + i + "] is " + x + ", expected a number");
      }
      v[i] = x.asDouble();
    }
    return v;
  }

  /** The JSON tree of {@code stats} in the layout above. */
  public static ObjectNode toJson(NormalizationStatistics stats) {
    ObjectNode root = MAPPER.createObjectNode();
    for (Map.Entry<String, DatasetStatistics> e : stats.datasets().entrySet()) {
      ObjectNode ds = root.putObject(e.getKey());
      DatasetStatistics d = e.getValue();
      if (d.action() != null) {
        writeFeature(ds.putObject("action"), d.action());
      }
      if (d.proprio() != null) {
        writeFeature(ds.putObject("proprio"), d.proprio());
      }
      ds.put("num_transitions", d.numTransitions());
      ds.put("num_trajectories", d.numTrajectories());
    }
    return root;
  }

  private static void writeFeature(ObjectNode o, FeatureStatistics f) {
    put(o.putArray("mean"), f.mean());
    put(o.putArray("std"), f.std());
    put(o.putArray("max"), f.max());
    put(o.putArray("min"), f.min());
    put(o.putArray("q01"), f.q01());
    put(o.putArray("q99"), f.q99());
    boolean[] mask = f.mask();
    if (mask != null) {
      ArrayNode m = o.putArray("mask");
      for (boolean b : mask) {
        m.add(b);
      }
    }
  }

  private static void put(ArrayNode a, double[] v) {
    for (double x : v) {
      a.add(x);
    }
  }

  /** Pretty-printed JSON text of {@code stats}. */
  public static String toJsonString(NormalizationStatistics stats) {
    try {
      return MAPPER.writeValueAsString(toJson(stats));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes {@code stats} to {@code file} (UTF-8, pretty-printed, trailing newline).
   *
   * @throws IOException if the file cannot be written
   */
  public static void write(NormalizationStatistics stats, Path file) throws IOException {
    Files.writeString(file, toJsonString(stats) + "\n");
  }
}
