package org.vla4j.policy.vla;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vla4j.policy.BatchPolicy;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.Policy;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.policy.steps.Fault;
import org.vla4j.policy.steps.ProcessorStep;
import org.vla4j.policy.steps.image.RgbImage;
import org.vla4j.policy.steps.normalize.NormalizationStatistics;
import org.vla4j.policy.steps.normalize.StatisticsJson;

/**
 * An OpenVLA-style VLA exported to ONNX (a vla4j model folder), with its six boxes explicit: the
 * model family's three parts as LeRobot splits a policy — the config ({@link VlaModelConfig}, read
 * from config.json and checked against the env), the processor pipeline ({@link VlaProcessors}:
 * image steps → prompt template → text tokenizer, and detokenizer → unnormalize(unnorm_key) →
 * gripper) and the model ({@link OnnxVlaRunner}: ONNX Runtime vision encoder, trunk and head,
 * greedy decoding of 7 action tokens). {@link #pipeline()} lists the pipeline's own step names, so
 * what runs is what logs show. Conventions: OpenVLA (arXiv:2406.09246).
 *
 * <p>A failure drill replaces one named step ({@link Overrides#fault()}). Not thread-safe: one per
 * rollout worker.
 */
public final class OnnxVlaPolicy implements BatchPolicy {
  /**
   * Deliberate or explicit deviations from the model's config.
   *
   * @param fault the pipeline step to break for a failure drill ({@link Fault#NONE} for none)
   * @param unnormKey a statistics key to unnormalize with instead of the config's {@code unnorm_key}
   *     ({@code eval --unnorm-key}), or null
   */
  public record Overrides(Fault fault, String unnormKey) {
    public static final Overrides NONE = new Overrides(Fault.NONE, null);

    public Overrides {
      java.util.Objects.requireNonNull(fault, "fault");
    }
  }

  private final VlaModelConfig config;
  private final VlaProcessors processors;
  private final OnnxVlaRunner runner;
  private final HuggingFaceTokenizer tokenizer;
  private final Map<String, long[]> promptCache = new HashMap<>();
  private final NormalizationStatistics statistics;

  private OnnxVlaPolicy(VlaModelConfig config, NormalizationStatistics statistics, VlaProcessors processors, OnnxVlaRunner runner,
      HuggingFaceTokenizer tokenizer) {
    this.config = config;
    this.statistics = statistics;
    this.processors = processors;
    this.runner = runner;
    this.tokenizer = tokenizer;
  }

  /**
   * Loads a model folder (config.json, the two ONNX graphs, tokenizer.json,
   * dataset_statistics.json), checks it against the env, and builds its pipeline.
   *
   * @param threads ONNX Runtime intra-op threads
   * @throws IllegalArgumentException if a file is missing or malformed, the model does not fit the
   *     env, the unnorm_key has no action statistics (message lists the valid keys), the tokenizer's
   *     prompts do not start with {@code bos_token_id}, the fault has no step to break, or the model
   *     has a continuous head (a chunked model: {@link VlaPolicies#load}, {@link OnnxFlowMatchingPolicy})
   */
  public static OnnxVlaPolicy load(Path dir, EnvSpec env, Overrides overrides, int threads) {
    VlaModelConfig cfg = VlaModelConfig.read(dir);
    if (!cfg.actionScheme().equals("openvla")) {
      throw new IllegalArgumentException("model folder " + dir + " has action_scheme '" + cfg.actionScheme() + "' (config.json 'head': "
          + FlowMatchingHead.type(dir) + "), not action tokens: this command runs token models (tiny-vla) only; eval runs it");
    }
    cfg.checkAgainst(env);
    NormalizationStatistics stats = StatisticsJson.read(dir.resolve("dataset_statistics.json"));
    VlaProcessors processors = VlaProcessors.of(cfg, stats, overrides.unnormKey()).withFault(overrides.fault(), stats, dir);
    HuggingFaceTokenizer tokenizer = loadTokenizer(dir, cfg, processors);
    OnnxVlaRunner runner = new OnnxVlaRunner(dir.resolve(cfg.visionOnnx()), dir.resolve(cfg.trunkOnnx()), cfg, threads);
    return new OnnxVlaPolicy(cfg, stats, processors, runner, tokenizer);
  }

  /**
   * A model folder's text tokenizer, checked to start prompts with the config's {@code bos_token_id}.
   *
   * @throws IllegalArgumentException if the file is missing or unreadable, or the first id is another
   */
  static HuggingFaceTokenizer loadTokenizer(Path dir, VlaModelConfig cfg, VlaProcessors processors) {
    Path tok = dir.resolve(cfg.tokenizer());
    if (!Files.isRegularFile(tok)) throw new IllegalArgumentException("model folder " + dir + " lacks " + cfg.tokenizer());
    HuggingFaceTokenizer tokenizer;
    try {
      useCpuTokenizerLibrary();
      tokenizer = HuggingFaceTokenizer.newInstance(tok, Map.of("addSpecialTokens", "true"));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot load tokenizer " + tok + ": " + e.getMessage(), e);
    }
    long[] probe = tokenizer.encode(processors.prompt().template().format("probe")).getIds();
    if (probe.length == 0 || probe[0] != cfg.bosTokenId()) {
      tokenizer.close();
      throw new IllegalArgumentException(dir.resolve("config.json") + ": bos_token_id " + cfg.bosTokenId() + " but " + tok
          + " starts prompts with " + (probe.length == 0 ? "nothing" : probe[0]));
    }
    return tokenizer;
  }

  /**
   * DJL picks its tokenizer library by the machine's CUDA version and, on a machine with an NVIDIA
   * driver, looks for a CUDA build that the jar does not hold and tries to download it (failing
   * offline). Tokenizing a prompt needs no GPU: unless the user chose a flavor ({@code RUST_FLAVOR}
   * as variable or property), use the CPU build the jar carries.
   */
  private static void useCpuTokenizerLibrary() {
    if (System.getenv("RUST_FLAVOR") == null && System.getProperty("RUST_FLAVOR") == null) System.setProperty("RUST_FLAVOR", "cpu");
  }

  @Override
  public String name() {
    return config.name();
  }

  public VlaModelConfig config() {
    return config;
  }

  /** The processor pipeline this policy runs (after any fault). */
  public VlaProcessors processors() {
    return processors;
  }

  /** The pipeline's step names with the model's step in the middle, e.g. {@code image:rotate180 … gripper:libero-openvla}. */
  @Override
  public List<String> pipeline() {
    return processors.names(modelStep(config));
  }

  /**
   * The step names a model folder's policy runs with these overrides, read from config.json and
   * dataset_statistics.json alone (no ONNX session, no tokenizer).
   *
   * @throws IllegalArgumentException as {@link #load} for the config, statistics and fault
   */
  public static List<String> pipeline(Path dir, Overrides overrides) {
    VlaModelConfig cfg = VlaModelConfig.read(dir);
    NormalizationStatistics stats = StatisticsJson.read(dir.resolve("dataset_statistics.json"));
    return VlaProcessors.of(cfg, stats, overrides.unnormKey()).withFault(overrides.fault(), stats, dir).names(modelStep(cfg));
  }

  private static String modelStep(VlaModelConfig cfg) {
    return "onnx:" + cfg.visionOnnx() + "+" + cfg.trunkOnnx() + " greedy x" + cfg.actionDim();
  }

  /** The BOS + prompt token ids the model gets for an instruction (cached per instruction). */
  public long[] promptIds(String instruction) {
    return promptCache.computeIfAbsent(instruction, ins -> {
      Encoding e = tokenizer.encode(processors.prompt().template().format(ins));
      return e.getIds();
    });
  }

  /** The model folder's dataset_statistics.json, every key. */
  public NormalizationStatistics statistics() {
    return statistics;
  }

  /** The BOS + prompt token ids of an instruction under another template (not cached), for preflight's prompt check. */
  public long[] promptIds(org.vla4j.policy.steps.prompt.PromptTemplate template, String instruction) {
    return tokenizer.encode(template.format(instruction)).getIds();
  }

  /**
   * The model's greedy tokens with their confidence ({@link OnnxVlaRunner.Scored}) for images
   * already in the model's layout (after the image steps, or a preflight's alternative of them)
   * and given prompt ids; no post-processing.
   *
   * @param agentview {@code [S, S, 3]} uint8, S = config.json's image_size
   * @param wrist same layout
   */
  public OnnxVlaRunner.Scored score(RgbImage agentview, RgbImage wrist, long[] promptIds) {
    return runner.generateScored(agentview.data(), wrist.data(), promptIds, config.actionDim());
  }

  /** The normalized action in [−1, 1] that the detokenizer gives for action tokens (ids outside the range clamped). */
  public double[] normalized(int[] tokens) {
    double[] normalized = new double[config.actionDim()];
    processors.detokenize().tokenizer().decode(tokens, normalized);
    return normalized;
  }

  /** The image as the model takes it: the pipeline's image steps applied to the env's frame. */
  public RgbImage preprocess(RgbImage envImage) {
    RgbImage im = envImage;
    for (ProcessorStep.Image s : processors.imageSteps()) im = s.step().apply(im);
    return im;
  }

  @Override
  public PolicyOutput act(PolicyInput in) {
    return actBatch(List.of(in)).getFirst();
  }

  /**
   * The actions of several episodes' observations: the inputs are grouped by prompt length (the
   * trunk has no attention mask to pad with), each group decoded as one batch by {@link
   * OnnxVlaRunner#generate(List, List, List, int)}, and the answers returned in input order.
   *
   * @throws IllegalArgumentException if an input lacks the wrist image or has images of the wrong size
   */
  @Override
  public List<PolicyOutput> actBatch(List<PolicyInput> inputs) {
    ModelBatch batch = ModelBatch.of(inputs, name(), this::preprocess, this::promptIds);
    PolicyOutput[] out = new PolicyOutput[inputs.size()];
    for (List<Integer> group : batch.groups()) {
      int[][] tokens = runner.generate(batch.agentviews(group), batch.wrists(group), batch.prompts(group), config.actionDim());
      for (int g = 0; g < group.size(); g++) out[group.get(g)] = decode(tokens[g]);
    }
    return java.util.Arrays.asList(out);
  }

  private PolicyOutput decode(int[] tokens) {
    double[] normalized = new double[config.actionDim()];
    int outOfRange = processors.detokenize().tokenizer().decode(tokens, normalized);
    double[] action = new double[normalized.length];
    processors.unnormalize().normalizer().unnormalize(normalized, action);
    action[action.length - 1] = processors.gripper().convention().apply(action[action.length - 1]);
    return new PolicyOutput(action, tokens, outOfRange);
  }

  @Override
  public void close() {
    runner.close();
    tokenizer.close();
  }
}
