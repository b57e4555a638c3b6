package org.vla4j.policy.vla;

import ai.onnxruntime.OnnxJavaType;
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
 * A flow-matching VLA's three graphs on ONNX Runtime (π0, arXiv:2410.24164; openpi's time
 * convention, {@link FlowMatchingHead}): the vision graph turns the two camera images into vision
 * tokens, the prefix graph reads them and the prompt and returns the prefix's per-layer keys and
 * values ({@code prefix_kv [depth, 2, B, heads, P, width/heads]}, once per query), and the velocity
 * graph {@code v(a_t, t, prefix_kv) → [B, H, 7]} runs once per Euler step. The Euler loop runs here,
 * in float32: {@code a ← a + Δt·v} with {@code Δt = (float) (−1/N)} at {@code t_k = (float) (1 − k/N)},
 * the arithmetic of {@code training/tiny_vla_fm.py}'s {@code euler}. All three graphs have a dynamic
 * batch axis; rows never mix. Not thread-safe.
 */
public final class FlowMatchingRunner implements AutoCloseable {
  private final OrtEnvironment env = OrtRuntime.environment();
  private final OrtSession vision, prefix, velocity;
  private final int imageSize, horizon;
  private boolean closed;

  /**
   * @param threads intra-op threads per session
   * @throws IllegalArgumentException if a graph cannot be loaded or has other inputs or outputs than
   *     this runner feeds and reads (named)
   */
  public FlowMatchingRunner(Path visionOnnx, Path prefixOnnx, Path velocityOnnx, int imageSize, int horizon, int threads) {
    this.imageSize = imageSize;
    this.horizon = horizon;
    OrtSession v = null, p = null, u = null;
    try (OrtSession.SessionOptions so = OrtRuntime.sessionOptions(threads)) {
      v = env.createSession(visionOnnx.toString(), so);
      p = env.createSession(prefixOnnx.toString(), so);
      u = env.createSession(velocityOnnx.toString(), so);
      var u8 = new OnnxVlaRunner.Port(OnnxJavaType.UINT8, 4);
      OnnxVlaRunner.checkGraph(v, visionOnnx, "vision", Map.of("agentview", u8, "wrist", u8), Map.of());
      OnnxVlaRunner.checkGraph(p, prefixOnnx, "prefix", Map.of("vision_tokens", new OnnxVlaRunner.Port(OnnxJavaType.FLOAT, 3),
          "input_ids", new OnnxVlaRunner.Port(OnnxJavaType.INT64, 2)), Map.of("prefix_kv", new OnnxVlaRunner.Port(OnnxJavaType.FLOAT, 6)));
      OnnxVlaRunner.checkGraph(u, velocityOnnx, "velocity", Map.of("prefix_kv", new OnnxVlaRunner.Port(OnnxJavaType.FLOAT, 6),
          "noisy_actions", new OnnxVlaRunner.Port(OnnxJavaType.FLOAT, 3), "time", new OnnxVlaRunner.Port(OnnxJavaType.FLOAT, 1)),
          Map.of("velocity", new OnnxVlaRunner.Port(OnnxJavaType.FLOAT, 3)));
    } catch (OrtException | RuntimeException e) {
      for (OrtSession s : new OrtSession[] {v, p, u}) closeQuietly(s);
      if (e instanceof IllegalArgumentException iae) throw iae;
      throw new IllegalArgumentException("cannot load the model's ONNX graphs: " + e.getMessage(), e);
    }
    vision = v;
    prefix = p;
    velocity = u;
  }

  private static void closeQuietly(OrtSession s) {
    if (s == null) return;
    try {
      s.close();
    } catch (OrtException ignored) {
      // closing a half-built runner: the load error is what the caller sees
    }
  }

  /**
   * Samples B normalized action chunks: one vision and one prefix pass, then {@code steps} velocity
   * passes from the given noise.
   *
   * @param agentviews B images, {@code [S, S, 3]} uint8 each as the model takes them (already rotated)
   * @param wrists B images, same layout
   * @param promptIds B prompts (BOS + prompt ids), all of one length (the graphs have no padding mask)
   * @param noise B rows of {@code H·7} standard-normal values, time-major ({@code [H, 7]} flattened);
   *     not modified
   * @param steps Euler steps N, ≥ 1
   * @return B rows of {@code H·7} normalized actions, time-major
   * @throws IllegalArgumentException if the lists differ in size or are empty, an image or noise row has
   *     the wrong length, the prompts differ in length, or steps &lt; 1
   * @throws IllegalStateException if ONNX Runtime fails or the runner is closed
   */
  public float[][] sample(List<byte[]> agentviews, List<byte[]> wrists, List<long[]> promptIds, float[][] noise, int steps) {
    if (closed) throw new IllegalStateException("runner is closed");
    int b = agentviews.size(), imgBytes = imageSize * imageSize * 3, n = horizon * 7, t = b == 0 ? 0 : promptIds.getFirst().length;
    if (b == 0 || wrists.size() != b || promptIds.size() != b || noise.length != b) {
      throw new IllegalArgumentException("a batch needs as many wrist images, prompts and noise rows as agentview images (at least 1), got "
          + b + ", " + wrists.size() + ", " + promptIds.size() + ", " + noise.length);
    }
    if (steps < 1) throw new IllegalArgumentException("flow matching needs at least 1 Euler step, got " + steps);
    ByteBuffer agent = ByteBuffer.allocateDirect(b * imgBytes), wrist = ByteBuffer.allocateDirect(b * imgBytes);
    LongBuffer ids = LongBuffer.allocate(b * t);
    float[] x = new float[b * n];
    for (int i = 0; i < b; i++) {
      if (agentviews.get(i).length != imgBytes || wrists.get(i).length != imgBytes) {
        throw new IllegalArgumentException("images must be " + imageSize + "x" + imageSize + "x3 = " + imgBytes + " bytes, got "
            + agentviews.get(i).length + " and " + wrists.get(i).length);
      }
      if (promptIds.get(i).length != t) {
        throw new IllegalArgumentException("the prompts of one batch must have one length, got " + t + " and " + promptIds.get(i).length);
      }
      if (noise[i].length != n) throw new IllegalArgumentException("a noise row must hold H*7 = " + n + " values, got " + noise[i].length);
      agent.put(agentviews.get(i));
      wrist.put(wrists.get(i));
      ids.put(promptIds.get(i));
      System.arraycopy(noise[i], 0, x, i * n, n);
    }
    agent.flip();
    wrist.flip();
    ids.flip();
    long[] imgShape = {b, imageSize, imageSize, 3};
    float dt = (float) (-1.0 / steps);
    try (OnnxTensor a = OnnxTensor.createTensor(env, agent, imgShape, OnnxJavaType.UINT8);
        OnnxTensor w = OnnxTensor.createTensor(env, wrist, imgShape, OnnxJavaType.UINT8);
        OnnxTensor idsT = OnnxTensor.createTensor(env, ids, new long[] {b, t});
        OrtSession.Result vis = vision.run(Map.of("agentview", a, "wrist", w));
        OrtSession.Result kv = prefix.run(Map.of("vision_tokens", (OnnxTensor) vis.get(0), "input_ids", idsT))) {
      OnnxTensor context = (OnnxTensor) kv.get(0);
      float[] time = new float[b];
      for (int k = 0; k < steps; k++) {
        java.util.Arrays.fill(time, (float) (1.0 - (double) k / steps));
        try (OnnxTensor xt = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {b, horizon, 7});
            OnnxTensor tt = OnnxTensor.createTensor(env, FloatBuffer.wrap(time), new long[] {b});
            OrtSession.Result v = velocity.run(Map.of("prefix_kv", context, "noisy_actions", xt, "time", tt))) {
          FloatBuffer vb = ((OnnxTensor) v.get(0)).getFloatBuffer();
          for (int j = 0; j < x.length; j++) x[j] = x[j] + dt * vb.get(j);
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    }
    float[][] out = new float[b][n];
    for (int i = 0; i < b; i++) System.arraycopy(x, i * n, out[i], 0, n);
    return out;
  }

  /** H, actions per chunk. */
  public int horizon() {
    return horizon;
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    for (OrtSession s : new OrtSession[] {vision, prefix, velocity}) closeQuietly(s);
  }
}
