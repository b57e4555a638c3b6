package org.vla4j.policy.vla;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * config.json's {@code "head"} object: a continuous action head that answers a whole chunk per
 * forward pass instead of OpenVLA's 7 action tokens. Absent for a token model (tiny-vla).
 *
 * <p>{@value #L1_REGRESSION}: OpenVLA-OFT's (Kim, Finn, Liang 2025, arXiv:2502.19645) parallel
 * decoding with an L1 regression head: the trunk graph returns normalized actions {@code [B, horizon,
 * 7]}, time-major, BOUNDS_Q99-normalized as OpenVLA (arm in [−1, 1], gripper 1 open / 0 close).
 *
 * @param type head type, {@value #L1_REGRESSION}
 * @param horizon actions per chunk K, ≥ 1
 * @param replanSteps actions of each chunk the default executor runs open loop ({@code
 *     "default_executor": "open-loop:N"}; the whole chunk if the key is absent), 1..horizon
 */
public record ActionHead(String type, int horizon, int replanSteps) {
  /** OFT's L1 regression head over a parallel-decoded chunk. */
  public static final String L1_REGRESSION = "l1_regression";

  /** The head types vla4j runs. */
  public static final List<String> TYPES = List.of(L1_REGRESSION);

  /** Whether {@code dir/config.json} declares an {@value #L1_REGRESSION} head (false when it has no readable config). */
  public static boolean declares(Path dir) {
    return L1_REGRESSION.equals(FlowMatchingHead.type(dir));
  }

  /**
   * Reads the head of {@code dir/config.json}.
   *
   * @throws IllegalArgumentException if the file is unreadable or its head is not one this record reads (as below)
   */
  public static ActionHead read(Path dir) {
    Path f = dir.resolve("config.json");
    try {
      return read(new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile()).get("head"), f);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the {@code "head"} value of a config.json.
   *
   * @param n the value, or null / JSON null for a token model
   * @param f the file, for messages
   * @return the head
   * @throws IllegalArgumentException if it is not an object, names another type (the message lists
   *     the valid ones), its horizon is not a positive integer, or its default executor is not
   *     {@code open-loop:N} with 1 ≤ N ≤ horizon
   */
  static ActionHead read(JsonNode n, Path f) {
    if (n == null || !n.isObject()) throw new IllegalArgumentException(f + ": 'head' must be an object {\"type\": ..., \"horizon\": K}; got " + n);
    String type = n.path("type").asText("");
    if (!TYPES.contains(type)) throw new IllegalArgumentException(f + ": head type '" + type + "' is not one vla4j runs; valid: " + TYPES);
    JsonNode h = n.get("horizon");
    if (h == null || !h.canConvertToInt() || h.asInt() < 1) {
      throw new IllegalArgumentException(f + ": head 'horizon' must be a positive integer (actions per chunk); got " + h);
    }
    int horizon = h.asInt(), replan = horizon;
    JsonNode e = n.get("default_executor");
    if (e != null && !e.isNull()) {
      String s = e.asText();
      String digits = s.startsWith("open-loop:") ? s.substring("open-loop:".length()) : "";
      replan = digits.matches("[0-9]{1,6}") ? Integer.parseInt(digits) : -1;
      if (replan < 1 || replan > horizon) {
        throw new IllegalArgumentException(f + ": head 'default_executor' must be open-loop:N with 1 <= N <= horizon " + horizon
            + "; got '" + s + "'");
      }
    }
    return new ActionHead(type, horizon, replan);
  }

  /** The default executor's spelling, {@code open-loop:N}. */
  public String defaultExecutor() {
    return "open-loop:" + replanSteps;
  }
}
