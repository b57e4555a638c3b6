package org.vla4j.policy.vla;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The flow-matching action head a model folder's config.json declares ({@code "head": {"type":
 * "flow_matching", "horizon": H, "num_steps": N, "time_convention": "openpi"}} and {@code
 * onnx.velocity}): π0's head (Black et al. 2024, arXiv:2410.24164) with openpi's time convention —
 * t = 1 is Gaussian noise, t = 0 the normalized action chunk {@code [H, 7]}, and N Euler steps
 * {@code a ← a + v(a, t_k)·Δt} with {@code Δt = −1/N} at {@code t_k = 1 − k/N}, k = 0..N−1.
 *
 * @param horizon H, actions per chunk, ≥ 1
 * @param numSteps the default number of Euler steps N, ≥ 1
 * @param velocityOnnx the velocity graph's file name inside the model folder
 */
public record FlowMatchingHead(int horizon, int numSteps, String velocityOnnx) {
  /** The head type this record reads. */
  public static final String TYPE = "flow_matching";

  /** @throws IllegalArgumentException if horizon or numSteps is below 1 */
  public FlowMatchingHead {
    if (horizon < 1 || numSteps < 1) {
      throw new IllegalArgumentException("flow-matching head needs horizon >= 1 and num_steps >= 1, got " + horizon + ", " + numSteps);
    }
  }

  /**
   * The head's {@code type} in {@code dir/config.json}, or {@code "none"} when it has no {@code head}
   * (a token model) or no readable config.
   */
  public static String type(Path dir) {
    JsonNode n = tree(dir);
    return n == null ? "none" : n.path("head").path("type").asText("none");
  }

  /** Whether {@code dir/config.json} declares a flow-matching head. */
  public static boolean declares(Path dir) {
    return TYPE.equals(type(dir));
  }

  /**
   * Reads the head of {@code dir/config.json}.
   *
   * @throws IllegalArgumentException if the file is unreadable, has no flow-matching {@code head},
   *     lacks {@code horizon}, {@code num_steps} or {@code onnx.velocity}, or names a time convention
   *     other than {@code openpi}
   */
  public static FlowMatchingHead read(Path dir) {
    Path f = dir.resolve("config.json");
    JsonNode n = tree(dir);
    if (n == null) throw new IllegalArgumentException("cannot read " + f);
    JsonNode h = n.path("head");
    if (!TYPE.equals(h.path("type").asText())) {
      throw new IllegalArgumentException(f + ": 'head' is not {\"type\": \"" + TYPE + "\", ...}; got " + (h.isMissingNode() ? "none" : h));
    }
    String time = h.path("time_convention").asText("openpi");
    if (!time.equals("openpi")) {
      throw new IllegalArgumentException(f + ": head time_convention '" + time + "' (supported: openpi, t = 1 noise -> t = 0 actions)");
    }
    if (!h.path("horizon").canConvertToInt() || !h.path("num_steps").canConvertToInt() || !n.path("onnx").path("velocity").isTextual()) {
      throw new IllegalArgumentException(f + ": a flow-matching model needs head.horizon, head.num_steps and onnx.velocity");
    }
    return new FlowMatchingHead(h.get("horizon").asInt(), h.get("num_steps").asInt(), n.path("onnx").path("velocity").asText());
  }

  private static JsonNode tree(Path dir) {
    Path f = dir.resolve("config.json");
    if (!Files.isRegularFile(f)) return null;
    try {
      return new ObjectMapper().readTree(f.toFile());
    } catch (IOException e) {
      return null;
    }
  }
}
