package org.vla4j.policy.vla;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Boxes 1, 3 and 4 of a chunked model on ONNX Runtime (OpenVLA-OFT's parallel decoding,
 * arXiv:2502.19645): the vision graph turns the two camera images into vision tokens, and one pass
 * of the trunk graph over {@code [vision tokens, BOS + prompt, K·7 action slots]} returns the whole
 * chunk {@code actions [B, K, 7]}, normalized and time-major; no KV cache, no decoding loop. Both
 * graphs have a dynamic batch axis and no cross-row operation. Not thread-safe.
 */
public final class OnnxChunkRunner implements AutoCloseable {
  private static final String ACTIONS = "actions";
  private final OrtEnvironment env = OrtRuntime.environment();
  private final OrtSession vision;
  private final OrtSession trunk;
  private final int imageSize, horizon, actionDim;
  private boolean closed;

  /**
   * @param horizon actions per chunk K the graph answers ({@link ActionHead#horizon()})
   * @param threads intra-op threads per session
   * @throws IllegalArgumentException if a graph cannot be loaded or does not have the ports this
   *     runner feeds ({@code agentview}, {@code wrist} uint8 rank 4; {@code vision_tokens} float rank
   *     3, {@code input_ids} int64 rank 2 → {@code actions} float rank 3)
   */
  public OnnxChunkRunner(Path visionOnnx, Path trunkOnnx, VlaModelConfig cfg, int horizon, int threads) {
    imageSize = cfg.imageSize();
    this.horizon = horizon;
    actionDim = cfg.actionDim();
    OrtSession[] s = OnnxVlaRunner.openGraphs(env, visionOnnx, trunkOnnx, threads, "chunk trunk",
        Map.of("vision_tokens", new OnnxVlaRunner.Port(OnnxJavaType.FLOAT, 3), "input_ids", new OnnxVlaRunner.Port(OnnxJavaType.INT64, 2)),
        Map.of(ACTIONS, new OnnxVlaRunner.Port(OnnxJavaType.FLOAT, 3)));
    vision = s[0];
    trunk = s[1];
  }

  /**
   * The normalized chunks of B observations in one batch.
   *
   * @param agentviews B images {@code [S, S, 3]} uint8 as the model takes them (already rotated), S =
   *     config.json's image_size
   * @param wrists B images, same layout
   * @param promptIds B prompts (BOS + prompt ids), all of one length (the graph has no attention mask)
   * @return {@code [B][K][7]} normalized actions (arm in about [−1, 1], gripper about [0, 1]; the
   *     regression head does not clip)
   * @throws IllegalArgumentException if the lists differ in size or are empty, an image has the wrong
   *     size, the prompts differ in length, or the graph answers another shape than {@code [B, K, 7]}
   * @throws IllegalStateException if ONNX Runtime fails or the runner is closed
   */
  public float[][][] chunks(List<byte[]> agentviews, List<byte[]> wrists, List<long[]> promptIds) {
    if (closed) throw new IllegalStateException("runner is closed");
    OnnxVlaRunner.checkBatch(agentviews, wrists, promptIds, imageSize);
    int b = agentviews.size(), imgBytes = imageSize * imageSize * 3, t = promptIds.getFirst().length;
    ByteBuffer agent = ByteBuffer.allocateDirect(b * imgBytes), wrist = ByteBuffer.allocateDirect(b * imgBytes);
    LongBuffer ids = ByteBuffer.allocateDirect(b * t * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
    for (int i = 0; i < b; i++) {
      agent.put(agentviews.get(i));
      wrist.put(wrists.get(i));
      ids.put(promptIds.get(i));
    }
    agent.clear();
    wrist.clear();
    ids.clear();
    long[] imgShape = {b, imageSize, imageSize, 3};
    try (OnnxTensor a = OnnxTensor.createTensor(env, agent, imgShape, OnnxJavaType.UINT8);
        OnnxTensor w = OnnxTensor.createTensor(env, wrist, imgShape, OnnxJavaType.UINT8);
        OnnxTensor idsT = OnnxTensor.createTensor(env, ids, new long[] {b, t});
        OrtSession.Result vis = vision.run(Map.of("agentview", a, "wrist", w));
        OrtSession.Result out = trunk.run(Map.of("vision_tokens", (OnnxTensor) vis.get(0), "input_ids", idsT))) {
      OnnxTensor actions = (OnnxTensor) out.get(ACTIONS).orElseThrow();
      long[] shape = actions.getInfo().getShape();
      if (shape.length != 3 || shape[0] != b || shape[1] != horizon || shape[2] != actionDim) {
        throw new IllegalArgumentException("the trunk graph answered actions " + java.util.Arrays.toString(shape) + ", config.json says ["
            + b + ", " + horizon + ", " + actionDim + "] (head horizon, action_dim)");
      }
      FloatBuffer fb = actions.getFloatBuffer();
      float[][][] chunks = new float[b][horizon][actionDim];
      for (int r = 0; r < b; r++) for (int k = 0; k < horizon; k++) fb.get(chunks[r][k]);
      return chunks;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      vision.close();
      trunk.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
