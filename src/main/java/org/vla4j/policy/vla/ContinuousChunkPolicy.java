package org.vla4j.policy.vla;

import java.util.List;
import org.vla4j.policy.ChunkPolicy;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.steps.normalize.NormalizationStatistics;

/**
 * An in-process chunked model whose head answers normalized actions directly (no token bins): an
 * OpenVLA-OFT-style L1-regression head ({@link OnnxChunkPolicy}, arXiv:2502.19645) or a π0-style
 * flow-matching head ({@link OnnxFlowMatchingPolicy}, arXiv:2410.24164). What diagnostics may read of
 * it: the normalized chunks before unnormalization, the statistics file and the key in use, so a
 * wrong unnorm_key can be named by comparing every key's unnormalized actions.
 */
public sealed interface ContinuousChunkPolicy extends ChunkPolicy permits OnnxChunkPolicy, OnnxFlowMatchingPolicy {
  /** The model folder's config.json. */
  VlaModelConfig config();

  /** The model folder's dataset_statistics.json, every key. */
  NormalizationStatistics statistics();

  /** The statistics key the actions are unnormalized with: config.json's, an override's, or an injected fault's wrong key. */
  String unnormKey();

  /**
   * The normalized chunks {@code [K][7]} (time-major; BOUNDS_Q99 arm dimensions, roughly [−1, 1]; gripper
   * before its convention) the head answers for several observations, one per input, before
   * unnormalization. A flow-matching head draws each chunk's noise from its episode stream ({@link
   * #startEpisode(long)}), in input order.
   *
   * @throws IllegalArgumentException if an input lacks the wrist image or has images of the wrong size
   */
  List<float[][]> normalizedChunks(List<PolicyInput> inputs);
}
