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
 * further token, each reusing the cache ({@code past_kv [depth, 2, B, heads, P, width/heads]}), for
 * one observation or a batch of B (the exported graphs have a dynamic batch axis).
 * Greedy over the whole vocabulary, as OpenVLA decodes; ids outside the action range are left for
 * the detokenizer to clamp and count. Not thread-safe: the input tensors are reused across calls.
 *
 * <p>Inputs live in direct buffers that ONNX Runtime reads in place (a heap buffer would be copied
 * into a fresh direct one per tensor); each call only overwrites their contents. A graph that
 * returns the logits of the last position only ({@code [B, 1, V]}, seen on the first prefix pass)
 * writes them into a pinned direct buffer too, read without the copy {@code getFloatBuffer} makes.
 * These tensors are made once per batch size and closed by {@link #close()}; tensors of a call's
 * results are closed by that call.
 */
public final class OnnxVlaRunner implements AutoCloseable {
  private static final String LOGITS = "logits", CACHE = "present_kv";
  private static final Set<String> CACHE_ONLY = Set.of(CACHE);
  private final OrtEnvironment env = OrtRuntime.environment();
  private final OrtSession vision;
  private final OrtSession trunk;
  private final int imageSize, depth, heads, width, headDim;
  private final int vocab;
  private final Map<Integer, Shapes> byBatch = new java.util.HashMap<>();
  /** Null until the first prefix pass shows whether the logits are {@code [1, 1, vocab]}. */
  private Boolean lastLogitsOnly;
  private long[] promptCached;
  private int promptRows;
  private OnnxTensor promptT;
  private boolean closed;

  /**
   * @param threads intra-op threads per session (1 per rollout worker is the usual choice)
   * @throws IllegalArgumentException if a graph cannot be loaded
   */
  public OnnxVlaRunner(Path visionOnnx, Path trunkOnnx, VlaModelConfig cfg, int threads) {
    // the cache and vision-token shapes only shape the two empty tensors of each batch size
    depth = cfg.depth();
    heads = cfg.heads();
    width = cfg.width();
    headDim = width / heads;
    imageSize = cfg.imageSize();
    vocab = cfg.vocabSize();
    OrtSession[] s = openGraphs(env, visionOnnx, trunkOnnx, threads, "trunk", Map.of("vision_tokens", new Port(OnnxJavaType.FLOAT, 3),
        "input_ids", new Port(OnnxJavaType.INT64, 2), "past_kv", new Port(OnnxJavaType.FLOAT, 6)),
        Map.of(LOGITS, new Port(OnnxJavaType.FLOAT, 3), CACHE, new Port(OnnxJavaType.FLOAT, 6)));
    vision = s[0];
    trunk = s[1];
    try {
      shapes(1); // batch size 1, the unbatched case, made at load as before
    } catch (OrtException e) {
      close();
      throw new IllegalArgumentException("cannot load the model's ONNX graphs: " + e.getMessage(), e);
    }
  }

  /**
   * Refuses a batch the graphs cannot take.
   *
   * @throws IllegalArgumentException if the three lists differ in size or are empty, an image does
   *     not have {@code S·S·3} bytes, or the prompts differ in length (the graphs have no attention mask)
   */
  static void checkBatch(List<byte[]> agentviews, List<byte[]> wrists, List<long[]> promptIds, int imageSize) {
    int b = agentviews.size();
    if (b == 0 || wrists.size() != b || promptIds.size() != b) {
      throw new IllegalArgumentException("a batch needs as many wrist images and prompts as agentview images (at least 1), got "
          + b + ", " + wrists.size() + ", " + promptIds.size());
    }
    int imgBytes = imageSize * imageSize * 3;
    int t = promptIds.getFirst().length;
    for (int i = 0; i < b; i++) {
      if (agentviews.get(i).length != imgBytes || wrists.get(i).length != imgBytes) {
        throw new IllegalArgumentException("images must be " + imageSize + "x" + imageSize + "x3 = " + imgBytes + " bytes, got "
            + agentviews.get(i).length + " and " + wrists.get(i).length);
      }
      if (promptIds.get(i).length != t) {
        throw new IllegalArgumentException("the prompts of one batch must have one length (no attention mask to pad with), got "
            + t + " and " + promptIds.get(i).length);
      }
    }
  }

  /** A graph input or output as the runner feeds or reads it: element type and rank. */
  record Port(OnnxJavaType type, int rank) {}

  /**
   * Opens a model's vision graph ({@code agentview}, {@code wrist} uint8 rank 4 in) and trunk graph
   * with one intra-op thread count, checking each one's ports ({@link #checkGraph}).
   *
   * @return {vision, trunk}
   * @throws IllegalArgumentException if a graph cannot be loaded or has other ports (both closed then)
   */
  static OrtSession[] openGraphs(OrtEnvironment env, Path visionOnnx, Path trunkOnnx, int threads, String trunkRole,
      Map<String, Port> trunkInputs, Map<String, Port> trunkOutputs) {
    OrtSession v = null, t = null;
    try (OrtSession.SessionOptions so = OrtRuntime.sessionOptions(threads)) {
      v = env.createSession(visionOnnx.toString(), so);
      t = env.createSession(trunkOnnx.toString(), so);
      checkGraph(v, visionOnnx, "vision", Map.of("agentview", new Port(OnnxJavaType.UINT8, 4), "wrist", new Port(OnnxJavaType.UINT8, 4)),
          Map.of());
      checkGraph(t, trunkOnnx, trunkRole, trunkInputs, trunkOutputs);
      return new OrtSession[] {v, t};
    } catch (OrtException e) {
      closeQuietly(v);
      closeQuietly(t);
      throw new IllegalArgumentException("cannot load the model's ONNX graphs: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(v);
      closeQuietly(t);
      throw e;
    }
  }

  /**
   * Refuses a graph whose inputs or outputs are not the ones this runner feeds and reads (a valid ONNX
   * file of the wrong kind — the vision graph copied over the trunk's — would otherwise load and fail
   * in every episode).
   *
   * @throws IllegalArgumentException naming the file, the missing or mismatched port, and what was expected
   */
  static void checkGraph(OrtSession s, Path file, String role, Map<String, Port> inputs, Map<String, Port> outputs)
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
    return generate(List.of(agentview), List.of(wrist), List.of(promptIds), n)[0];
  }

  /**
   * What greedy decoding chose and how sure the model was of each choice, read from the full
   * softmax over the vocabulary at each position: a confidence a preflight check compares across
   * inputs (image orientation, prompt template), since a trained input convention gives sharper
   * distributions than an untrained one.
   *
   * @param tokens the n generated ids (as {@link #generate})
   * @param probability softmax probability of each chosen id, in (0, 1]
   * @param entropy entropy of each position's softmax, nats, in [0, ln V]
   */
  public record Scored(int[] tokens, double[] probability, double[] entropy) {
    /** Mean of {@link #probability()} over the tokens. */
    public double meanProbability() {
      return Arrays.stream(probability).average().orElse(Double.NaN);
    }

    /** Mean of {@link #entropy()} over the tokens, nats. */
    public double meanEntropy() {
      return Arrays.stream(entropy).average().orElse(Double.NaN);
    }
  }

  /**
   * Greedy decoding of {@code n} tokens with each choice's probability and each position's entropy;
   * the tokens are those {@link #generate} returns for the same inputs.
   *
   * @throws IllegalArgumentException as {@link #generate}
   * @throws IllegalStateException as {@link #generate}
   */
  public Scored generateScored(byte[] agentview, byte[] wrist, long[] promptIds, int n) {
    double[] p = new double[n], h = new double[n];
    int[] tokens = decode(List.of(agentview), List.of(wrist), List.of(promptIds), n, p, h)[0];
    return new Scored(tokens, p, h);
  }

  /**
   * Greedy decoding of {@code n} tokens for B observations in one batch: one vision pass over
   * {@code [B, H, W, 3]}, one prefix pass over {@code [B, T]} and {@code n − 1} one-token passes over
   * {@code [B, 1]}, each row its own sequence (the graphs have a dynamic batch axis and no
   * cross-row operation). The trunk has no attention mask, so the prompts of one batch must have the
   * same length T (no padding); callers group by length.
   *
   * <p>Row b's tokens equal {@code generate(agentviews[b], wrists[b], promptIds[b], n)} if ONNX
   * Runtime's kernels compute every row of a batched matrix product as they compute a lone row;
   * {@code BatchIdentityTest} checks that on the shipped model (docs/BENCHMARKS.md, batched inference).
   *
   * @param agentviews B images, {@code [H, W, 3]} uint8 each, as for {@link #generate(byte[], byte[], long[], int)}
   * @param wrists B images, same layout
   * @param promptIds B prompts (BOS + prompt ids), all of one length
   * @return {@code [B][n]} generated token ids
   * @throws IllegalArgumentException if the three lists differ in size or are empty, an image does not
   *     have {@code H·W·3} bytes, or the prompts differ in length
   * @throws IllegalStateException if ONNX Runtime fails or the runner is closed
   */
  public int[][] generate(List<byte[]> agentviews, List<byte[]> wrists, List<long[]> promptIds, int n) {
    return decode(agentviews, wrists, promptIds, n, null, null);
  }

  /** Batched greedy decoding; with {@code prob}/{@code ent} (B = 1 only) also row 0's softmax statistics. */
  private int[][] decode(List<byte[]> agentviews, List<byte[]> wrists, List<long[]> promptIds, int n, double[] prob, double[] ent) {
    if (closed) throw new IllegalStateException("runner is closed");
    checkBatch(agentviews, wrists, promptIds, imageSize);
    int b = agentviews.size();
    try {
      Shapes s = shapes(b);
      s.agentviewBuf.clear();
      s.wristBuf.clear();
      for (int i = 0; i < b; i++) {
        s.agentviewBuf.put(agentviews.get(i));
        s.wristBuf.put(wrists.get(i));
      }
      s.agentviewBuf.clear();
      s.wristBuf.clear();
      try (OrtSession.Result vis = vision.run(Map.of("agentview", s.agentviewT, "wrist", s.wristT))) {
        OnnxTensor vt = (OnnxTensor) vis.get(0);
        OnnxTensor ids = promptTensor(promptIds);
        OnnxTensor past = s.emptyPast;
        int[][] out = new int[b][n];
        OrtSession.Result step = null;
        try {
          for (int i = 0; i < n; i++) {
            Map<String, OnnxTensor> in = Map.of("vision_tokens", vt, "input_ids", ids, "past_kv", past);
            boolean pinned = lastLogitsOnly == Boolean.TRUE;
            OrtSession.Result next = pinned ? trunk.run(in, CACHE_ONLY, Map.of(LOGITS, s.logitsT)) : trunk.run(in);
            if (step != null) step.close(); // frees the previous cache only after it was consumed
            step = next;
            if (pinned) {
              for (int r = 0; r < b; r++) out[r][i] = argmax(s.logitsBuf, r * vocab, vocab);
              if (prob != null) softmaxStats(s.logitsBuf, 0, vocab, out[0][i], prob, ent, i);
            } else {
              OnnxTensor logits = (OnnxTensor) step.get(LOGITS).orElseThrow();
              long[] shape = logits.getInfo().getShape(); // [B, T, V]
              if (lastLogitsOnly == null) lastLogitsOnly = shape[1] == 1 && shape[2] == vocab;
              int tl = (int) shape[1], v = (int) shape[2];
              FloatBuffer fb = logits.getFloatBuffer();
              for (int r = 0; r < b; r++) out[r][i] = argmax(fb, (r * tl + tl - 1) * v, v);
              if (prob != null) softmaxStats(fb, (tl - 1) * v, v, out[0][i], prob, ent, i);
            }
            past = (OnnxTensor) step.get(CACHE).orElseThrow();
            for (int r = 0; r < b; r++) s.tokenBuf.put(r, out[r][i]);
            ids = s.tokenT;
            vt = s.noVision;
          }
          return out;
        } finally {
          if (step != null) step.close();
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  /**
   * The input and output tensors of one batch size, over direct buffers that ONNX Runtime reads
   * (and, for the pinned logits, writes) in place; made at the first batch of that size, kept until
   * {@link #close()}.
   */
  private final class Shapes implements AutoCloseable {
    final ByteBuffer agentviewBuf, wristBuf;
    final LongBuffer tokenBuf;
    final FloatBuffer logitsBuf;
    final OnnxTensor agentviewT, wristT, tokenT, emptyPast, noVision, logitsT;

    Shapes(int b) throws OrtException {
      int imgBytes = imageSize * imageSize * 3;
      long[] imgShape = {b, imageSize, imageSize, 3};
      agentviewBuf = ByteBuffer.allocateDirect(b * imgBytes);
      wristBuf = ByteBuffer.allocateDirect(b * imgBytes);
      tokenBuf = ByteBuffer.allocateDirect(b * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
      logitsBuf = ByteBuffer.allocateDirect(b * vocab * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
      OnnxTensor[] made = new OnnxTensor[6];
      try {
        made[0] = OnnxTensor.createTensor(env, agentviewBuf, imgShape, OnnxJavaType.UINT8);
        made[1] = OnnxTensor.createTensor(env, wristBuf, imgShape, OnnxJavaType.UINT8);
        made[2] = OnnxTensor.createTensor(env, tokenBuf, new long[] {b, 1});
        made[3] = OnnxTensor.createTensor(env, FloatBuffer.allocate(0), new long[] {depth, 2, b, heads, 0, headDim});
        made[4] = OnnxTensor.createTensor(env, FloatBuffer.allocate(0), new long[] {b, 0, width});
        made[5] = OnnxTensor.createTensor(env, logitsBuf, new long[] {b, 1, vocab});
      } catch (OrtException e) {
        for (OnnxTensor x : made) if (x != null) x.close();
        throw e;
      }
      agentviewT = made[0];
      wristT = made[1];
      tokenT = made[2];
      emptyPast = made[3];
      noVision = made[4];
      logitsT = made[5];
    }

    @Override
    public void close() {
      agentviewT.close();
      wristT.close();
      tokenT.close();
      emptyPast.close();
      noVision.close();
      logitsT.close();
    }
  }

  private Shapes shapes(int b) throws OrtException {
    Shapes s = byBatch.get(b);
    if (s == null) {
      s = new Shapes(b);
      byBatch.put(b, s);
    }
    return s;
  }

  /** The prompts' {@code [B, T]} tensor, kept while the same prompts come back (a rollout's case). */
  private OnnxTensor promptTensor(List<long[]> promptIds) throws OrtException {
    int b = promptIds.size(), t = promptIds.getFirst().length;
    long[] flat = new long[b * t];
    for (int i = 0; i < b; i++) System.arraycopy(promptIds.get(i), 0, flat, i * t, t);
    if (promptT != null && promptRows == b && Arrays.equals(flat, promptCached)) return promptT;
    LongBuffer buf = ByteBuffer.allocateDirect(flat.length * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
    buf.put(flat).clear();
    OnnxTensor made = OnnxTensor.createTensor(env, buf, new long[] {b, t});
    if (promptT != null) promptT.close();
    promptT = made;
    promptCached = flat;
    promptRows = b;
    return promptT;
  }

  /** Softmax probability of {@code chosen} and the distribution's entropy (nats), stable by the max logit. */
  private static void softmaxStats(FloatBuffer fb, int base, int v, int chosen, double[] prob, double[] ent, int i) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < v; k++) max = Math.max(max, fb.get(base + k));
    double z = 0, zx = 0;
    for (int k = 0; k < v; k++) {
      double x = fb.get(base + k) - max, e = Math.exp(x);
      z += e;
      zx += e * x;
    }
    prob[i] = Math.exp(fb.get(base + chosen) - max) / z;
    ent[i] = Math.log(z) - zx / z; // H = log Z − E[x] for p = e^x / Z
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
    for (Shapes s : byBatch.values()) s.close();
    byBatch.clear();
    if (promptT != null) promptT.close();
    try {
      vision.close();
      trunk.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
