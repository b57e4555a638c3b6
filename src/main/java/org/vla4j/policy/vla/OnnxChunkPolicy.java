package org.vla4j.policy.vla;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vla4j.policy.ActionChunk;
import org.vla4j.policy.ChunkPolicy;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.policy.steps.ProcessorStep;
import org.vla4j.policy.steps.image.RgbImage;
import org.vla4j.policy.steps.normalize.NormalizationStatistics;
import org.vla4j.policy.steps.normalize.StatisticsJson;

/**
 * A chunked VLA exported to ONNX: a model folder whose config.json has a continuous {@code "head"}
 * ({@link ActionHead}; tiny-vla-oft: OpenVLA-OFT's parallel decoding with an L1 regression head,
 * arXiv:2502.19645). The same processor pipeline as {@link OnnxVlaPolicy} without the detokenizer
 * (image steps → prompt template → text tokenizer; unnormalize(unnorm_key) → gripper, applied to
 * every action of the chunk) around {@link OnnxChunkRunner}: one forward pass per chunk of K actions.
 * Failure drills replace one named step as for the token model ({@link OnnxVlaPolicy.Overrides}).
 *
 * <p>{@link #replanSteps()} is the head's {@code default_executor} ({@code open-loop:K} for OFT, which
 * executes the whole chunk of 8 on LIBERO), so {@code --executor open-loop} runs it as trained; other
 * executors ({@code ensemble:M}, {@code queue:...}) work on its chunks as on any {@link ChunkPolicy}'s.
 * Not thread-safe: one per rollout worker.
 */
public final class OnnxChunkPolicy implements ContinuousChunkPolicy {
  /** The action scheme of a model whose head answers continuous actions (config.json {@code action_scheme}). */
  public static final String CONTINUOUS = "continuous";

  private final VlaModelConfig config;
  private final ActionHead head;
  private final VlaProcessors processors;
  private final NormalizationStatistics statistics;
  private final OnnxChunkRunner runner;
  private final HuggingFaceTokenizer tokenizer;
  private final Map<String, long[]> promptCache = new HashMap<>();

  private OnnxChunkPolicy(VlaModelConfig config, ActionHead head, VlaProcessors processors, NormalizationStatistics statistics,
      OnnxChunkRunner runner, HuggingFaceTokenizer tokenizer) {
    this.config = config;
    this.head = head;
    this.processors = processors;
    this.statistics = statistics;
    this.runner = runner;
    this.tokenizer = tokenizer;
  }

  /**
   * Loads a chunked model folder (config.json with a {@code "head"}, the two ONNX graphs,
   * tokenizer.json, dataset_statistics.json), checks it against the env and builds its pipeline.
   *
   * @param threads ONNX Runtime intra-op threads
   * @throws IllegalArgumentException as {@link OnnxVlaPolicy#load} for the files, env, key, tokenizer
   *     and fault, or if config.json has no {@code "head"} (a token model: {@link OnnxVlaPolicy})
   */
  public static OnnxChunkPolicy load(Path dir, EnvSpec env, OnnxVlaPolicy.Overrides overrides, int threads) {
    VlaModelConfig cfg = VlaModelConfig.read(dir);
    ActionHead head = ActionHead.read(dir);
    if (!cfg.actionScheme().equals(CONTINUOUS)) {
      throw new IllegalArgumentException(dir.resolve("config.json") + ": action scheme '" + cfg.actionScheme() + "' with a " + head.type()
          + " head (a head answers continuous actions: '" + CONTINUOUS + "')");
    }
    cfg.checkAgainst(env);
    NormalizationStatistics stats = StatisticsJson.read(dir.resolve("dataset_statistics.json"));
    VlaProcessors processors = VlaProcessors.of(cfg, stats, overrides.unnormKey()).withFault(overrides.fault(), stats, dir);
    HuggingFaceTokenizer tokenizer = OnnxVlaPolicy.loadTokenizer(dir, cfg, processors);
    try {
      return new OnnxChunkPolicy(cfg, head, processors, stats,
          new OnnxChunkRunner(dir.resolve(cfg.visionOnnx()), dir.resolve(cfg.trunkOnnx()), cfg, head.horizon(), threads), tokenizer);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /** The model step's name in {@link #pipeline()}, e.g. {@code onnx:vision.onnx+model.onnx l1_regression chunk x8}. */
  static String modelStep(VlaModelConfig cfg, ActionHead head) {
    return "onnx:" + cfg.visionOnnx() + "+" + cfg.trunkOnnx() + " " + head.type() + " chunk x" + head.horizon();
  }

  @Override
  public String name() {
    return config.name();
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

  /** The statistics key the actions are unnormalized with: config.json's, an override's, or an injected fault's wrong key. */
  @Override
  public String unnormKey() {
    return processors.unnormalize().unnormKey();
  }

  /** The config's action head. */
  public ActionHead head() {
    return head;
  }

  /** The pipeline's step names with the model's step in the middle, e.g. {@code image:rotate180 … gripper:libero-openvla}. */
  @Override
  public List<String> pipeline() {
    return processors.names(modelStep(config, head));
  }

  /** The head's default open-loop count ({@link ActionHead#replanSteps()}): the whole chunk for OFT. */
  @Override
  public int replanSteps() {
    return head.replanSteps();
  }

  /** The BOS + prompt token ids the model gets for an instruction (cached per instruction). */
  public long[] promptIds(String instruction) {
    return promptCache.computeIfAbsent(instruction, ins -> tokenizer.encode(processors.prompt().template().format(ins)).getIds());
  }

  /** The chunk's first action, as {@link ChunkPolicy} says (no action tokens). */
  @Override
  public PolicyOutput act(PolicyInput in) {
    return new PolicyOutput(actChunk(in).get(0), new int[0], 0);
  }

  @Override
  public ActionChunk actChunk(PolicyInput in) {
    return actChunks(List.of(in)).getFirst();
  }

  /**
   * The normalized chunks {@code [K][7]} the network answers for several observations, before
   * unnormalization (what golden.json records).
   *
   * @throws IllegalArgumentException if an input lacks the wrist image or has images of the wrong size
   */
  @Override
  public List<float[][]> normalizedChunks(List<PolicyInput> inputs) {
    ModelBatch batch = ModelBatch.of(inputs, name(), this::preprocess, this::promptIds);
    float[][][] out = new float[inputs.size()][][];
    for (List<Integer> group : batch.groups()) {
      float[][][] c = runner.chunks(batch.agentviews(group), batch.wrists(group), batch.prompts(group));
      for (int g = 0; g < group.size(); g++) out[group.get(g)] = c[g];
    }
    return java.util.Arrays.asList(out);
  }

  /**
   * The action chunks of several episodes' observations in env units: the inputs grouped by prompt
   * length, each group one batch of {@link OnnxChunkRunner#chunks}, every action unnormalized and its
   * gripper post-processed; row i equals {@code actChunk(inputs.get(i))} as far as ONNX Runtime's
   * batched kernels compute a row as a lone one.
   *
   * @throws IllegalArgumentException as {@link #normalizedChunks}
   */
  public List<ActionChunk> actChunks(List<PolicyInput> inputs) {
    return normalizedChunks(inputs).stream().map(this::envUnits).toList();
  }

  private ActionChunk envUnits(float[][] normalized) {
    double[][] actions = new double[normalized.length][];
    double[] x = new double[config.actionDim()];
    for (int k = 0; k < normalized.length; k++) {
      for (int d = 0; d < x.length; d++) x[d] = normalized[k][d];
      double[] a = new double[x.length];
      processors.unnormalize().normalizer().unnormalize(x, a);
      a[a.length - 1] = processors.gripper().convention().apply(a[a.length - 1]);
      actions[k] = a;
    }
    return new ActionChunk(actions);
  }

  private RgbImage preprocess(RgbImage envImage) {
    RgbImage im = envImage;
    for (ProcessorStep.Image s : processors.imageSteps()) im = s.step().apply(im);
    return im;
  }

  @Override
  public void close() {
    runner.close();
    tokenizer.close();
  }
}
