package org.vla4j.policy.vla;

import java.nio.file.Path;
import java.util.List;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.Policy;
import org.vla4j.policy.steps.normalize.NormalizationStatistics;
import org.vla4j.policy.steps.normalize.StatisticsJson;

/**
 * The policy of a token or OFT model folder, by what its config.json says: OpenVLA's action tokens
 * ({@link OnnxVlaPolicy}, tiny-vla) or an {@link ActionHead} answering action chunks ({@code "head"}:
 * {@link OnnxChunkPolicy}, tiny-vla-oft). (A flow-matching folder: {@link OnnxFlowMatchingPolicy}.)
 */
public final class VlaPolicies {
  private VlaPolicies() {}

  /**
   * Loads the model folder's policy.
   *
   * @throws IllegalArgumentException as {@link OnnxVlaPolicy#load} / {@link OnnxChunkPolicy#load}
   */
  public static Policy load(Path dir, EnvSpec env, OnnxVlaPolicy.Overrides overrides, int threads) {
    return chunked(dir) ? OnnxChunkPolicy.load(dir, env, overrides, threads) : OnnxVlaPolicy.load(dir, env, overrides, threads);
  }

  /**
   * Whether the folder's model has an {@link ActionHead} ({@code "head": {"type": "l1_regression"}}).
   */
  public static boolean chunked(Path dir) {
    return ActionHead.declares(dir);
  }

  /**
   * The step names the folder's policy runs with these overrides, from config.json and
   * dataset_statistics.json alone (no ONNX session, no tokenizer).
   *
   * @throws IllegalArgumentException as {@link #load} for the config, statistics and fault
   */
  public static List<String> pipeline(Path dir, OnnxVlaPolicy.Overrides overrides) {
    VlaModelConfig cfg = VlaModelConfig.read(dir);
    if (!chunked(dir)) return OnnxVlaPolicy.pipeline(dir, overrides);
    NormalizationStatistics stats = StatisticsJson.read(dir.resolve("dataset_statistics.json"));
    return VlaProcessors.of(cfg, stats, overrides.unnormKey()).withFault(overrides.fault(), stats, dir).names(OnnxChunkPolicy.modelStep(cfg, ActionHead.read(dir)));
  }
}
