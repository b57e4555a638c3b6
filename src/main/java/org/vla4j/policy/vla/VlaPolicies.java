package org.vla4j.policy.vla;

import java.nio.file.Path;
import java.util.List;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.Policy;
import org.vla4j.policy.steps.normalize.NormalizationStatistics;
import org.vla4j.policy.steps.normalize.StatisticsJson;

/**
 * The policy of a model folder, by what its config.json says: OpenVLA's action tokens ({@link
 * OnnxVlaPolicy}, tiny-vla) or a continuous head answering action chunks ({@code "head"}: {@link
 * OnnxChunkPolicy}, tiny-vla-oft).
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
   * Whether the folder's model answers action chunks (config.json has a {@code "head"}).
   *
   * @throws IllegalArgumentException if config.json is missing or malformed
   */
  public static boolean chunked(Path dir) {
    return VlaModelConfig.read(dir).chunked();
  }

  /**
   * The step names the folder's policy runs with these overrides, from config.json and
   * dataset_statistics.json alone (no ONNX session, no tokenizer).
   *
   * @throws IllegalArgumentException as {@link #load} for the config, statistics and fault
   */
  public static List<String> pipeline(Path dir, OnnxVlaPolicy.Overrides overrides) {
    VlaModelConfig cfg = VlaModelConfig.read(dir);
    if (!cfg.chunked()) return OnnxVlaPolicy.pipeline(dir, overrides);
    NormalizationStatistics stats = StatisticsJson.read(dir.resolve("dataset_statistics.json"));
    return VlaProcessors.of(cfg, stats, overrides.unnormKey()).withFault(overrides.fault(), stats, dir).names(OnnxChunkPolicy.modelStep(cfg));
  }
}
