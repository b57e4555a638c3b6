package org.vla4j.policy.steps.tokenize;

import java.util.List;

/** Builds an {@link ActionTokenizer} from the scheme name found in a model's config.json or a CLI. */
public final class ActionTokenizers {

  /** The valid scheme names. */
  public static final List<String> SCHEMES = List.of("openvla", "uniform");

  private ActionTokenizers() {}

  /**
   * @param scheme {@code "openvla"} or {@code "uniform"}
   * @param vocabSize vocabulary size (openvla only)
   * @param bins bin count: edges for openvla, tokens per dimension for uniform
   * @param low {@code [D]} lower bounds (uniform only; ignored for openvla, may be null)
   * @param high {@code [D]} upper bounds (uniform only; ignored for openvla, may be null)
   * @throws IllegalArgumentException for an unknown scheme (the message lists the valid ones) or
   *     missing/invalid parameters
   */
  public static ActionTokenizer create(
      String scheme, int vocabSize, int bins, double[] low, double[] high) {
    return switch (scheme) {
      case "openvla" -> OpenVlaActionTokenizer.of(vocabSize, bins);
      case "uniform" -> {
        if (low == null || high == null) {
          throw new IllegalArgumentException("scheme 'uniform' needs per-dimension low and high bounds");
        }
        yield new UniformActionTokenizer(bins, low, high);
      }
      default ->
          throw new IllegalArgumentException(
              "unknown action tokenizer scheme '" + scheme + "'; valid schemes: " + SCHEMES);
    };
  }
}
