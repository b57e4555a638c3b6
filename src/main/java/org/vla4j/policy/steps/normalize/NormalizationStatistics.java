package org.vla4j.policy.steps.normalize;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of one {@code dataset_statistics.json} (OpenVLA, arXiv:2406.09246): normalization
 * statistics for one or more datasets, keyed by dataset name, in file order. The dataset name is
 * what OpenVLA calls the unnorm_key.
 *
 * <p>unnorm_key resolution (OpenVLA {@code _check_unnorm_key}, arXiv:2406.09246): no key and exactly
 * one dataset → that dataset; no key and several → error listing the available keys; unknown key →
 * error listing the available keys. There is deliberately no default: the key is
 * embodiment-specific.
 *
 * @param datasets dataset name → statistics; non-empty; copied, iteration in insertion order
 */
public record NormalizationStatistics(Map<String, DatasetStatistics> datasets) {

  /** @throws IllegalArgumentException if there are no datasets */
  public NormalizationStatistics {
    if (datasets == null || datasets.isEmpty()) {
      throw new IllegalArgumentException("normalization statistics contain no dataset keys");
    }
    datasets = Collections.unmodifiableMap(new LinkedHashMap<>(datasets));
  }

  /** A file with a single dataset key. */
  public static NormalizationStatistics of(String key, DatasetStatistics stats) {
    return new NormalizationStatistics(Map.of(key, stats));
  }

  /** The available unnorm_keys, in file order. */
  public List<String> keys() {
    return List.copyOf(datasets.keySet());
  }

  /**
   * Resolves an unnorm_key following OpenVLA's rules.
   *
   * @param unnormKey the requested key, or {@code null}/empty when none was given
   * @return the resolved key, present in {@link #datasets()}
   * @throws IllegalArgumentException naming the bad key (if any) and listing every available key
   */
  public String resolveUnnormKey(String unnormKey) {
    if (unnormKey == null || unnormKey.isEmpty()) {
      if (datasets.size() == 1) {
        return datasets.keySet().iterator().next();
      }
      throw new IllegalArgumentException(
          "no unnorm_key given but the statistics hold " + datasets.size()
              + " datasets; pass one of: " + keys());
    }
    if (!datasets.containsKey(unnormKey)) {
      throw new IllegalArgumentException(
          "unknown unnorm_key '" + unnormKey + "'; available keys: " + keys());
    }
    return unnormKey;
  }

  /** The statistics of the resolved unnorm_key; errors as {@link #resolveUnnormKey}. */
  public DatasetStatistics forKey(String unnormKey) {
    return datasets.get(resolveUnnormKey(unnormKey));
  }

  /**
   * The check a model loader runs: resolves the unnorm_key and refuses a key without action
   * statistics, so a model whose config names a key that its statistics lack never loads.
   *
   * @param unnormKey the model config's unnorm_key, or {@code null} when it names none
   * @return the action statistics to unnormalize with
   * @throws IllegalArgumentException if the key does not resolve or has no action statistics; the
   *     message names the key and lists the keys that do have action statistics
   */
  public FeatureStatistics requireActionStatistics(String unnormKey) {
    String key = resolveUnnormKey(unnormKey);
    FeatureStatistics action = datasets.get(key).action();
    if (action == null) {
      List<String> usable =
          datasets.entrySet().stream().filter(e -> e.getValue().action() != null).map(Map.Entry::getKey).toList();
      throw new IllegalArgumentException(
          "unnorm_key '" + key + "' has no action statistics; keys with action statistics: " + usable);
    }
    return action;
  }
}
