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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Boxes 1, 3 and 4 on ONNX Runtime: the vision encoder graph turns the two camera images into
 * vision tokens, the trunk graph (causal transformer + LM head, with a KV cache) reads them and the
 * prompt, and 7 action tokens are decoded greedily — one prefix pass, then one single-token pass per
 * further token, each reusing the cache ({@code past_kv [depth, 2, 1, heads, P, width/heads]}).
 * Greedy over the whole vocabulary, as OpenVLA decodes; ids outside the action range are left for
 * the detokenizer to clamp and count. Not thread-safe: the input tensors are reused across calls.
 *
 * <p>Inputs live in direct buffers that ONNX Runtime reads in place (a heap buffer would be copied
 * into a fresh direct one per tensor); each call only overwrites their contents. A graph that
 * returns the logits of the last position only ({@code [1, 1, V]}, seen on the first prefix pass)
 * writes them into a pinned direct buffer too, read without the copy {@code getFloatBuffer} makes.
 * The tensors made once here are closed by {@link #close()}; tensors of a call's results are closed
 * by that call.
 */
public final class OnnxVlaRunner implements AutoCloseable {
  private static final String LOGITS = "logits", CACHE = "present_kv";
  private static final Set<String> CACHE_ONLY = Set.of(CACHE);
  private final OrtEnvironment env = OrtRuntime.environment();
  private final OrtSession vision;
  private final OrtSession trunk;
  private final int imageSize;
  private final ByteBuffer agentviewBuf, wristBuf;
  private final LongBuffer tokenBuf;
  private final FloatBuffer logitsBuf;
  private final OnnxTensor agentviewT, wristT, tokenT, emptyPast, noVision, logitsT;
  private final int vocab;
  /** Null until the first prefix pass shows whether the logits are {@code [1, 1, vocab]}. */
  private Boolean lastLogitsOnly;
  private long[] promptCached;
  private OnnxTensor promptT;
  private boolean closed;

  /**
   * @param threads intra-op threads per session (1 per rollout worker is the usual choice)
   * @throws IllegalArgumentException if a graph cannot be loaded
   */
  public OnnxVlaRunner(Path visionOnnx, Path trunkOnnx, VlaModelConfig cfg, int threads) {
    // the cache and vision-token shapes only shape the two empty tensors made below
    int depth = cfg.depth(), heads = cfg.heads(), width = cfg.width(), headDim = width / heads;
    imageSize = cfg.imageSize();
    vocab = cfg.vocabSize();
    OrtSession v = null, t = null;
    OnnxTensor[] made = new OnnxTensor[6];
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setIntraOpNumThreads(threads);
      so.setInterOpNumThreads(1);
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      v = env.createSession(visionOnnx.toString(), so);
      t = env.createSession(trunkOnnx.toString(), so);
      checkGraph(v, visionOnnx, "vision", Map.of("agentview", new Port(OnnxJavaType.UINT8, 4), "wrist", new Port(OnnxJavaType.UINT8, 4)),
          Map.of());
      checkGraph(t, trunkOnnx, "trunk", Map.of("vision_tokens", new Port(OnnxJavaType.FLOAT, 3), "input_ids", new Port(OnnxJavaType.INT64, 2),
          "past_kv", new Port(OnnxJavaType.FLOAT, 6)), Map.of(LOGITS, new Port(OnnxJavaType.FLOAT, 3), CACHE, new Port(OnnxJavaType.FLOAT, 6)));
      long[] imgShape = {1, imageSize, imageSize, 3};
      int imgBytes = imageSize * imageSize * 3;
      agentviewBuf = ByteBuffer.allocateDirect(imgBytes);
      wristBuf = ByteBuffer.allocateDirect(imgBytes);
      tokenBuf = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
      made[0] = OnnxTensor.createTensor(env, agentviewBuf, imgShape, OnnxJavaType.UINT8);
      made[1] = OnnxTensor.createTensor(env, wristBuf, imgShape, OnnxJavaType.UINT8);
      made[2] = OnnxTensor.createTensor(env, tokenBuf, new long[] {1, 1});
      made[3] = OnnxTensor.createTensor(env, FloatBuffer.allocate(0), new long[] {depth, 2, 1, heads, 0, headDim});
      made[4] = OnnxTensor.createTensor(env, FloatBuffer.allocate(0), new long[] {1, 0, width});
      logitsBuf = ByteBuffer.allocateDirect(vocab * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
      made[5] = OnnxTensor.createTensor(env, logitsBuf, new long[] {1, 1, vocab});
    } catch (OrtException e) {
      for (OnnxTensor x : made) if (x != null) x.close();
      closeQuietly(v);
      closeQuietly(t);
      throw new IllegalArgumentException("cannot load the model's ONNX graphs: " + e.getMessage(), e);
    }
    vision = v;
    trunk = t;
    agentviewT = made[0];
    wristT = made[1];
    tokenT = made[2];
    emptyPast = made[3];
    noVision = made[4];
    logitsT = made[5];
  }

  /** A graph input or output as the runner feeds or reads it: element type and rank. */
  private record Port(OnnxJavaType type, int rank) {}

  /**
   * Refuses a graph whose inputs or outputs are not the ones this runner feeds and reads (a valid ONNX
   * file of the wrong kind — the vision graph copied over the trunk's — would otherwise load and fail
   * in every episode).
   *
   * @throws IllegalArgumentException naming the file, the missing or mismatched port, and what was expected
   */
  private static void checkGraph(OrtSession s, Path file, String role, Map<String, Port> inputs, Map<String, Port> outputs)
      throws OrtException {
    List<String> problems = new java.util.ArrayList<>();
    compare(s.getInputInfo(), inputs, "input", problems);
    compare(s.getOutputInfo(), outputs, "output", problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(file + " is not the " + role + " graph config.json names: " + String.join("; ", problems)
          + " (its inputs: " + s.getInputNames() + ", outputs: " + s.getOutputNames() + ")");
    }
  }

  private static void compare(Map<String, ai.onnxruntime.NodeInfo> have, Map<String, Port> want, String kind, List<String> problems) {
    for (Map.Entry<String, Port> w : new java.util.TreeMap<>(want).entrySet()) {
      ai.onnxruntime.NodeInfo n = have.get(w.getKey());
      if (n == null) {
        problems.add("no " + kind + " '" + w.getKey() + "'");
      } else if (!(n.getInfo() instanceof ai.onnxruntime.TensorInfo t)) {
        problems.add(kind + " '" + w.getKey() + "' is not a tensor");
      } else if (t.type != w.getValue().type() || t.getShape().length != w.getValue().rank()) {
        problems.add(kind + " '" + w.getKey() + "' is " + t.type + " of rank " + t.getShape().length + ", expected "
            + w.getValue().type() + " of rank " + w.getValue().rank());
      }
    }
  }

  /**
   * Greedy decoding of {@code n} tokens.
   *
   * @param agentview {@code [H, W, 3]} uint8 as the model takes it (already rotated), H = W = the
   *     config's image size
   * @param wrist same layout
   * @param promptIds BOS + prompt token ids
   * @return the n generated token ids
   * @throws IllegalArgumentException if an image does not have {@code H·W·3} bytes
   * @throws IllegalStateException if ONNX Runtime fails or the runner is closed
   */
  public int[] generate(byte[] agentview, byte[] wrist, long[] promptIds, int n) {
    if (closed) throw new IllegalStateException("runner is closed");
    int imgBytes = agentviewBuf.capacity();
    if (agentview.length != imgBytes || wrist.length != imgBytes) {
      throw new IllegalArgumentException("images must be " + imageSize + "x" + imageSize + "x3 = " + imgBytes + " bytes, got "
          + agentview.length + " and " + wrist.length);
    }
    agentviewBuf.clear().put(agentview).clear();
    wristBuf.clear().put(wrist).clear();
    try (OrtSession.Result vis = vision.run(Map.of("agentview", agentviewT, "wrist", wristT))) {
      OnnxTensor vt = (OnnxTensor) vis.get(0);
      OnnxTensor ids = promptTensor(promptIds);
      OnnxTensor past = emptyPast;
      int[] out = new int[n];
      OrtSession.Result step = null;
      try {
        for (int i = 0; i < n; i++) {
          Map<String, OnnxTensor> in = Map.of("vision_tokens", vt, "input_ids", ids, "past_kv", past);
          boolean pinned = lastLogitsOnly == Boolean.TRUE;
          OrtSession.Result next = pinned ? trunk.run(in, CACHE_ONLY, Map.of(LOGITS, logitsT)) : trunk.run(in);
          if (step != null) step.close(); // frees the previous cache only after it was consumed
          step = next;
          if (pinned) {
            out[i] = argmax(logitsBuf, 0, vocab);
          } else {
            OnnxTensor logits = (OnnxTensor) step.get(LOGITS).orElseThrow();
            long[] shape = logits.getInfo().getShape(); // [1, T, V]
            if (lastLogitsOnly == null) lastLogitsOnly = shape[1] == 1 && shape[2] == vocab;
            int t = (int) shape[1], v = (int) shape[2];
            out[i] = argmax(logits.getFloatBuffer(), (t - 1) * v, v);
          }
          past = (OnnxTensor) step.get(CACHE).orElseThrow();
          tokenBuf.put(0, out[i]);
          ids = tokenT;
          vt = noVision;
        }
        return out;
      } finally {
        if (step != null) step.close();
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  /** The prompt's {@code [1, T]} tensor, kept while the same prompt comes back (a rollout's case). */
  private OnnxTensor promptTensor(long[] promptIds) throws OrtException {
    if (promptT != null && Arrays.equals(promptIds, promptCached)) return promptT;
    LongBuffer buf = ByteBuffer.allocateDirect(promptIds.length * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
    buf.put(promptIds).clear();
    OnnxTensor made = OnnxTensor.createTensor(env, buf, new long[] {1, promptIds.length});
    if (promptT != null) promptT.close();
    promptT = made;
    promptCached = promptIds.clone();
    return promptT;
  }

  private static int argmax(FloatBuffer fb, int base, int v) {
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

  private static void closeQuietly(OrtSession s) {
    if (s == null) return;
    try {
      s.close();
    } catch (OrtException ignored) {
      // already failing: the load error is the one to report
    }
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    agentviewT.close();
    wristT.close();
    tokenT.close();
    emptyPast.close();
    noVision.close();
    logitsT.close();
    if (promptT != null) promptT.close();
    try {
      vision.close();
      trunk.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
