package org.vla4j.serve;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.Policy;
import org.vla4j.policy.steps.normalize.NormalizationStatistics;
import org.vla4j.policy.steps.normalize.StatisticsJson;
import org.vla4j.policy.vla.OnnxVlaPolicy;
import org.vla4j.policy.vla.VlaModelConfig;

/**
 * Where a server gets its policy instances: opens a {@link Policy} for a resolved unnorm_key.
 * Servers call {@link #resolveKey} on every request that names a key (OpenVLA REST's {@code
 * unnorm_key}), so an unknown key is a clear error reply, and {@link #open} only with resolved keys.
 */
public interface PolicySource {
  /** Short name for logs and server metadata, e.g. {@code tiny-vla}. */
  String name();

  /**
   * The key to use for a requested unnorm_key (null or empty: the server's default).
   *
   * @throws IllegalArgumentException naming the unknown key and listing the available ones
   */
  String resolveKey(String requested);

  /**
   * A new policy instance unnormalizing with {@code key} (a value {@link #resolveKey} returned).
   * Each instance is used by one thread at a time.
   */
  Policy open(String key);

  /** The side of the square images the policy takes, pixels, or 0 when it takes any size. */
  int imageSize();

  /**
   * A vla4j model folder (config.json, ONNX graphs, tokenizer, dataset_statistics.json) as
   * {@link OnnxVlaPolicy} instances with ONNX Runtime on one intra-op thread each. unnorm_key rules
   * follow OpenVLA (arXiv:2406.09246) except that no key means {@code defaultKey} (the model's own key
   * when null): a server is started for one embodiment.
   *
   * @throws IllegalArgumentException if the folder is not a loadable model for {@code env}, is a
   *     chunked model (a continuous {@code "head"}: the servers answer one action per request), or
   *     {@code defaultKey} is unknown
   */
  static PolicySource model(Path dir, EnvSpec env, String defaultKey) {
    VlaModelConfig cfg = VlaModelConfig.read(dir);
    if (!cfg.actionScheme().equals("openvla")) {
      throw new IllegalArgumentException("model " + dir + " answers action chunks (a " + org.vla4j.policy.vla.FlowMatchingHead.type(dir) + " head); vla4j serve"
          + " serves token models such as tiny-vla");
    }
    cfg.checkAgainst(env);
    NormalizationStatistics stats = StatisticsJson.read(dir.resolve("dataset_statistics.json"));
    String def = stats.resolveUnnormKey(defaultKey != null ? defaultKey : cfg.unnormKey());
    return new PolicySource() {
      @Override
      public String name() {
        return cfg.name();
      }

      @Override
      public String resolveKey(String requested) {
        if (requested == null || requested.isEmpty()) return def;
        stats.requireActionStatistics(requested);
        return stats.resolveUnnormKey(requested);
      }

      @Override
      public Policy open(String key) {
        return OnnxVlaPolicy.load(dir, env, new OnnxVlaPolicy.Overrides(org.vla4j.policy.steps.Fault.NONE, key), 1);
      }

      @Override
      public int imageSize() {
        return cfg.imageSize();
      }
    };
  }

  /**
   * A source of policies that ignore the unnorm_key beyond checking it against {@code keys} (the
   * first is the default); for tests and policies without statistics.
   */
  static PolicySource of(String name, List<String> keys, int imageSize, Function<String, Policy> factory) {
    List<String> ks = List.copyOf(keys);
    return new PolicySource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String resolveKey(String requested) {
        if (requested == null || requested.isEmpty()) return ks.getFirst();
        if (!ks.contains(requested)) throw new IllegalArgumentException("unknown unnorm_key '" + requested + "'; available keys: " + ks);
        return requested;
      }

      @Override
      public Policy open(String key) {
        return factory.apply(key);
      }

      @Override
      public int imageSize() {
        return imageSize;
      }
    };
  }
}
