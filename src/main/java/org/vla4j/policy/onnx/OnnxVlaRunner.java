package org.vla4j.policy.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Boxes 1, 3 and 4 on ONNX Runtime: the vision encoder graph turns the two camera images into
 * vision tokens, the trunk graph (causal transformer + LM head, with a KV cache) reads them and the
 * prompt, and 7 action tokens are decoded greedily — one prefix pass, then one single-token pass per
 * further token, each reusing the cache ({@code past_kv [depth, 2, 1, heads, P, width/heads]}).
 * Greedy over the whole vocabulary, as OpenVLA decodes; ids outside the action range are left for
 * the detokenizer to clamp and count. Not thread-safe.
 */
public final class OnnxVlaRunner implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession vision;
  private final OrtSession trunk;
  private final int depth, heads, headDim, width, imageSize;

  /**
   * @param threads intra-op threads per session (1 per rollout worker is the usual choice)
   * @throws IllegalArgumentException if a graph cannot be loaded
   */
  public OnnxVlaRunner(Path visionOnnx, Path trunkOnnx, VlaModelConfig cfg, int threads) {
    try {
      OrtSession.SessionOptions so = new OrtSession.SessionOptions();
      so.setIntraOpNumThreads(threads);
      so.setInterOpNumThreads(1);
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      vision = env.createSession(visionOnnx.toString(), so);
      trunk = env.createSession(trunkOnnx.toString(), so);
    } catch (OrtException e) {
      throw new IllegalArgumentException("cannot load the model's ONNX graphs: " + e.getMessage(), e);
    }
    depth = cfg.depth();
    heads = cfg.heads();
    width = cfg.width();
    headDim = width / heads;
    imageSize = cfg.imageSize();
  }

  /**
   * Greedy decoding of {@code n} tokens.
   *
   * @param agentview {@code [H, W, 3]} uint8 as the model takes it (already rotated)
   * @param wrist same layout
   * @param promptIds BOS + prompt token ids
   * @return the n generated token ids
   */
  public int[] generate(byte[] agentview, byte[] wrist, long[] promptIds, int n) {
    long[] imgShape = {1, imageSize, imageSize, 3};
    try (OnnxTensor a = OnnxTensor.createTensor(env, ByteBuffer.wrap(agentview), imgShape, ai.onnxruntime.OnnxJavaType.UINT8);
        OnnxTensor w = OnnxTensor.createTensor(env, ByteBuffer.wrap(wrist), imgShape, ai.onnxruntime.OnnxJavaType.UINT8);
        OrtSession.Result vis = vision.run(Map.of("agentview", a, "wrist", w))) {
      OnnxTensor visionTokens = (OnnxTensor) vis.get(0);
      int[] out = new int[n];
      OnnxTensor emptyPast = OnnxTensor.createTensor(env, FloatBuffer.allocate(0), new long[] {depth, 2, 1, heads, 0, headDim});
      OnnxTensor past = emptyPast;
      OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(promptIds), new long[] {1, promptIds.length});
      OnnxTensor noVision = OnnxTensor.createTensor(env, FloatBuffer.allocate(0), new long[] {1, 0, width});
      OrtSession.Result step = null;
      try {
        OnnxTensor vt = visionTokens;
        for (int i = 0; i < n; i++) {
          OrtSession.Result next = trunk.run(Map.of("vision_tokens", vt, "input_ids", ids, "past_kv", past));
          if (step != null) step.close(); // frees the previous cache only after it was consumed
          step = next;
          out[i] = argmaxLast((OnnxTensor) step.get(0));
          past = (OnnxTensor) step.get(1);
          ids.close();
          ids = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {out[i]}), new long[] {1, 1});
          vt = noVision;
        }
        return out;
      } finally {
        if (step != null) step.close();
        ids.close();
        noVision.close();
        emptyPast.close(); // the first pass's empty cache (later caches belong to their results)
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  private static int argmaxLast(OnnxTensor logits) {
    long[] shape = logits.getInfo().getShape(); // [1, T, V]
    int t = (int) shape[1], v = (int) shape[2];
    FloatBuffer fb = logits.getFloatBuffer();
    int base = (t - 1) * v;
    int best = 0;
    float bestVal = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < v; i++) {
      float x = fb.get(base + i);
      if (x > bestVal) { // first maximum wins, as numpy/torch argmax
        bestVal = x;
        best = i;
      }
    }
    return best;
  }

  /** Input names of the two graphs, for diagnostics. */
  public List<String> inputs() {
    return List.of(String.valueOf(vision.getInputNames()), String.valueOf(trunk.getInputNames()));
  }

  @Override
  public void close() {
    try {
      vision.close();
      trunk.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
