package org.vla4j.policy.vla;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vla4j.policy.ActionChunk;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.policy.steps.Fault;
import org.vla4j.policy.steps.ProcessorStep;
import org.vla4j.policy.steps.image.RgbImage;
import org.vla4j.policy.steps.normalize.NormalizationStatistics;
import org.vla4j.policy.steps.normalize.StatisticsJson;

/**
 * A π0-style flow-matching VLA exported to ONNX (a vla4j model folder whose config.json has a
 * {@link FlowMatchingHead}; Black et al. 2024, arXiv:2410.24164, openpi's time convention): the
 * OpenVLA-style boxes of {@link OnnxVlaPolicy} for the observation (image steps → prompt template →
 * text tokenizer, {@link VlaProcessors}) and a head that denoises a whole action chunk {@code [H, 7]}
 * from Gaussian noise in N Euler steps ({@link FlowMatchingRunner}), then unnormalize(unnorm_key) →
 * gripper convention on every row, as the token models' detokenized actions. No detokenize step.
 *
 * <p>Noise: each query draws {@code H·7} standard-normal values (Box–Muller over {@link
 * SplittableRandom#nextDouble()}, with {@link StrictMath}, rounded to float) from a generator seeded by
 * the episode's seed at {@link #startEpisode(long)}, so an episode's chunks are a pure function of
 * its seed and observations; before any episode the generator is seeded with 0.
 *
 * <p>Chunks are answered whole ({@link #replanSteps()} = {@link org.vla4j.policy.ChunkPolicy#WHOLE_CHUNK}); the
 * rollout's executor decides how many actions run open loop ({@code --executor open-loop:8}, {@code
 * ensemble:M}, ...). Not thread-safe: one per rollout worker.
 */
public final class OnnxFlowMatchingPolicy implements ContinuousChunkPolicy {
  /** Mixed into the episode seed, so the noise stream differs from the other users of that seed. */
  static final long NOISE_SALT = 0x6F6D5F6E6F697365L;

  /**
   * Deviations from the model's config.
   *
   * @param fault the pipeline step to break for a failure drill ({@link Fault#NONE} for none)
   * @param unnormKey a statistics key to unnormalize with instead of the config's, or null
   * @param steps Euler steps instead of the config's {@code head.num_steps}, or 0 for the config's
   */
  public record Overrides(Fault fault, String unnormKey, int steps) {
    public static final Overrides NONE = new Overrides(Fault.NONE, null, 0);

    /** @throws IllegalArgumentException if steps &lt; 0 */
    public Overrides {
      java.util.Objects.requireNonNull(fault, "fault");
      if (steps < 0) throw new IllegalArgumentException("flow-matching steps must be >= 1 (or 0 for the model's own), got " + steps);
    }
  }

  private final VlaModelConfig config;
  private final FlowMatchingHead head;
  private final VlaProcessors processors;
  private final NormalizationStatistics statistics;
  private final FlowMatchingRunner runner;
  private final HuggingFaceTokenizer tokenizer;
  private final int steps;
  private final Map<String, long[]> promptCache = new HashMap<>();
  private SplittableRandom noise = new SplittableRandom(NOISE_SALT);

  private OnnxFlowMatchingPolicy(VlaModelConfig config, FlowMatchingHead head, VlaProcessors processors, NormalizationStatistics statistics,
      FlowMatchingRunner runner, HuggingFaceTokenizer tokenizer, int steps) {
    this.config = config;
    this.head = head;
    this.processors = processors;
    this.statistics = statistics;
    this.runner = runner;
    this.tokenizer = tokenizer;
    this.steps = steps;
  }

  /**
   * Loads a flow-matching model folder (config.json, vision, prefix and velocity graphs,
   * tokenizer.json, dataset_statistics.json) and checks it against the env.
   *
   * @param threads ONNX Runtime intra-op threads per session
   * @throws IllegalArgumentException if a file is missing or malformed, the config has no
   *     flow-matching head or does not fit the env, the unnorm_key has no action statistics, or the
   *     fault has no step to break
   */
  public static OnnxFlowMatchingPolicy load(Path dir, EnvSpec env, Overrides overrides, int threads) {
    VlaModelConfig cfg = VlaModelConfig.read(dir);
    FlowMatchingHead head = FlowMatchingHead.read(dir);
    cfg.checkAgainst(env);
    NormalizationStatistics stats = StatisticsJson.read(dir.resolve("dataset_statistics.json"));
    VlaProcessors processors = processors(cfg, stats, dir, overrides);
    HuggingFaceTokenizer tokenizer = OnnxVlaPolicy.loadTokenizer(dir, cfg, processors);
    FlowMatchingRunner runner;
    try {
      runner = new FlowMatchingRunner(dir.resolve(cfg.visionOnnx()), dir.resolve(cfg.trunkOnnx()), dir.resolve(head.velocityOnnx()),
          cfg.imageSize(), head.horizon(), threads);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
    return new OnnxFlowMatchingPolicy(cfg, head, processors, stats, runner, tokenizer, overrides.steps() == 0 ? head.numSteps() : overrides.steps());
  }

  private static VlaProcessors processors(VlaModelConfig cfg, NormalizationStatistics stats, Path dir, Overrides overrides) {
    return VlaProcessors.of(cfg, stats, overrides.unnormKey()).withFault(overrides.fault(), stats, dir);
  }

  /**
   * The step names a flow-matching model folder's policy runs with these overrides, from config.json
   * and dataset_statistics.json alone, e.g. {@code [image:rotate180, prompt:openvla, tokenize:tokenizer.json,
   * onnx:vision.onnx+prefix.onnx+velocity.onnx flow-matching H16 euler x10, unnormalize:vla4j_object, gripper:libero-openvla]}.
   *
   * @throws IllegalArgumentException as {@link #load} for the config, head, statistics and fault
   */
  public static List<String> pipeline(Path dir, Overrides overrides) {
    VlaModelConfig cfg = VlaModelConfig.read(dir);
    FlowMatchingHead head = FlowMatchingHead.read(dir);
    NormalizationStatistics stats = StatisticsJson.read(dir.resolve("dataset_statistics.json"));
    return names(processors(cfg, stats, dir, overrides), modelStep(cfg, head, overrides.steps() == 0 ? head.numSteps() : overrides.steps()));
  }

  private static String modelStep(VlaModelConfig cfg, FlowMatchingHead head, int steps) {
    return "onnx:" + cfg.visionOnnx() + "+" + cfg.trunkOnnx() + "+" + head.velocityOnnx() + " flow-matching H" + head.horizon() + " euler x" + steps;
  }

  private static List<String> names(VlaProcessors p, String model) {
    List<String> n = new ArrayList<>();
    p.pre().forEach(s -> n.add(s.name()));
    n.add(model);
    n.add(p.unnormalize().name());
    n.add(p.gripper().name());
    return n;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public List<String> pipeline() {
    return names(processors, modelStep(config, head, steps));
  }

  @Override
  public VlaModelConfig config() {
    return config;
  }

  /** The model folder's dataset_statistics.json, every key. */
  @Override
  public NormalizationStatistics statistics() {
    return statistics;
  }

  @Override
  public String unnormKey() {
    return processors.unnormalize().unnormKey();
  }

  /**
   * One normalized chunk {@code [H][7]} per input, sampled in {@link #steps()} Euler steps from this
   * episode's next noise (one draw per input, in order), before unnormalization.
   *
   * @throws IllegalArgumentException if an input lacks the wrist image
   */
  @Override
  public List<float[][]> normalizedChunks(List<PolicyInput> inputs) {
    List<float[][]> out = new ArrayList<>(inputs.size());
    for (PolicyInput in : inputs) {
      float[] flat = sampleNext(in);
      float[][] chunk = new float[flat.length / 7][7];
      for (int t = 0; t < chunk.length; t++) System.arraycopy(flat, t * 7, chunk[t], 0, 7);
      out.add(chunk);
    }
    return out;
  }

  /** The Euler steps this policy runs (the config's or the override). */
  public int steps() {
    return steps;
  }

  /** The model's head as config.json declares it. */
  public FlowMatchingHead head() {
    return head;
  }

  /** Seeds the noise generator with the episode's seed (mixed with {@link #NOISE_SALT}). */
  @Override
  public void startEpisode(long seed) {
    noise = new SplittableRandom(seed ^ NOISE_SALT);
  }

  /** The chunk's first action ({@link ChunkPolicy}); draws one chunk's noise. */
  @Override
  public PolicyOutput act(PolicyInput in) {
    return new PolicyOutput(actChunk(in).get(0).clone(), new int[0], 0);
  }

  /**
   * The env-unit action chunk {@code [H, 7]} for one observation, from this episode's next noise.
   *
   * @throws IllegalArgumentException if the input lacks the wrist image or has images of the wrong size
   */
  @Override
  public ActionChunk actChunk(PolicyInput in) {
    return toEnv(sampleNext(in));
  }

  /** The normalized chunk ({@code H·7}, time-major) for one observation, from this episode's next noise. */
  private float[] sampleNext(PolicyInput in) {
    if (in.wrist() == null) throw new IllegalArgumentException("model '" + name() + "' needs the wrist camera image");
    float[] z = drawNoise();
    return sampleNormalized(preprocess(in.agentview()), preprocess(in.wrist()), promptIds(in.instruction()), z, steps);
  }

  /**
   * The normalized chunk ({@code H·7}, time-major) for images already in the model's layout, given
   * prompt ids and noise; no post-processing. For golden tests and diagnostics.
   *
   * @param noise {@code H·7} values, time-major
   * @param steps Euler steps, ≥ 1
   */
  public float[] sampleNormalized(RgbImage agentview, RgbImage wrist, long[] promptIds, float[] noise, int steps) {
    return runner.sample(List.of(agentview.data()), List.of(wrist.data()), List.of(promptIds), new float[][] {noise}, steps)[0];
  }

  /** The next {@code H·7} standard-normal values of this episode's noise stream (Box–Muller, float). */
  float[] drawNoise() {
    int n = head.horizon() * 7;
    float[] z = new float[n];
    for (int i = 0; i < n; i += 2) {
      double u1 = 1.0 - noise.nextDouble(), u2 = noise.nextDouble(); // u1 in (0, 1]
      double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1)), a = 2.0 * StrictMath.PI * u2;
      z[i] = (float) (r * StrictMath.cos(a));
      if (i + 1 < n) z[i + 1] = (float) (r * StrictMath.sin(a));
    }
    return z;
  }

  /** Normalized chunk → env units: unnormalize every row, then the gripper convention on its last value. */
  ActionChunk toEnv(float[] normalized) {
    int h = normalized.length / 7;
    double[][] rows = new double[h][7];
    ProcessorStep.Unnormalize un = processors.unnormalize();
    for (int t = 0; t < h; t++) {
      double[] a = new double[7];
      for (int j = 0; j < 7; j++) a[j] = normalized[t * 7 + j];
      un.normalizer().unnormalize(a, rows[t]);
      rows[t][6] = processors.gripper().convention().apply(rows[t][6]);
    }
    return new ActionChunk(rows);
  }

  /** The image as the model takes it: the pipeline's image steps applied to the env's frame. */
  public RgbImage preprocess(RgbImage envImage) {
    RgbImage im = envImage;
    for (ProcessorStep.Image s : processors.imageSteps()) im = s.step().apply(im);
    return im;
  }

  /** The BOS + prompt token ids the model gets for an instruction (cached per instruction). */
  public long[] promptIds(String instruction) {
    return promptCache.computeIfAbsent(instruction, ins -> tokenizer.encode(processors.prompt().template().format(ins)).getIds());
  }

  @Override
  public int replanSteps() {
    return WHOLE_CHUNK;
  }

  @Override
  public void close() {
    runner.close();
    tokenizer.close();
  }
}
