package org.vla4j.policy.vla;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.Policy;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.policy.steps.gripper.GripperConvention;
import org.vla4j.policy.steps.image.ImageStep;
import org.vla4j.policy.steps.image.RgbImage;
import org.vla4j.policy.steps.normalize.ActionNormalizer;
import org.vla4j.policy.steps.normalize.NormalizationStatistics;
import org.vla4j.policy.steps.normalize.StatisticsJson;
import org.vla4j.policy.steps.prompt.PromptTemplate;
import org.vla4j.policy.steps.tokenize.OpenVlaActionTokenizer;

/**
 * An OpenVLA-style VLA exported to ONNX (a vla4j model folder), with its six boxes explicit:
 * image preprocessing from config.json (box 1's input: rotate 180°) → prompt template + text
 * tokenizer (box 2: HuggingFace tokenizer.json through DJL) → ONNX Runtime vision encoder, trunk and
 * head with greedy decoding of 7 action tokens (boxes 1, 3, 4: {@link OnnxVlaRunner}) → OpenVLA
 * detokenizer, unnormalization with the unnorm_key and the gripper convention (box 5) → the env.
 * Source of every convention: OpenVLA (arXiv:2406.09246), see shared/REFERENCE.md.
 *
 * <p>The drills' failure modes are {@link Overrides}: skip the rotation, use another prompt
 * template, or unnormalize with another key. Not thread-safe: one per rollout worker.
 */
public final class OnnxVlaPolicy implements Policy {
  /**
   * Deliberate deviations from the model's config, for failure drills.
   *
   * @param skipRotation feed images in the env's orientation (no 180° rotation)
   * @param promptTemplate a built-in template name instead of the model's, or null
   * @param unnormKey a statistics key instead of the model's, or null
   */
  public record Overrides(boolean skipRotation, String promptTemplate, String unnormKey) {
    public static final Overrides NONE = new Overrides(false, null, null);
  }

  private final VlaModelConfig config;
  private final OnnxVlaRunner runner;
  private final HuggingFaceTokenizer tokenizer;
  private final PromptTemplate template;
  private final List<ImageStep> imageSteps;
  private final OpenVlaActionTokenizer detokenizer;
  private final ActionNormalizer normalizer;
  private final String unnormKey;
  private final GripperConvention gripper;
  private final Map<String, long[]> promptCache = new HashMap<>();
  private final String name;

  private OnnxVlaPolicy(String name, VlaModelConfig config, OnnxVlaRunner runner, HuggingFaceTokenizer tokenizer,
      PromptTemplate template, List<ImageStep> imageSteps, ActionNormalizer normalizer, String unnormKey) {
    this.name = name;
    this.config = config;
    this.runner = runner;
    this.tokenizer = tokenizer;
    this.template = template;
    this.imageSteps = imageSteps;
    this.detokenizer = OpenVlaActionTokenizer.of(config.vocabSize(), config.nBins());
    this.normalizer = normalizer;
    this.unnormKey = unnormKey;
    this.gripper = GripperConvention.byName(config.gripperConvention());
  }

  /**
   * Loads a model folder (config.json, the two ONNX graphs, tokenizer.json,
   * dataset_statistics.json) and checks it against the env.
   *
   * @param threads ONNX Runtime intra-op threads
   * @throws IllegalArgumentException if a file is missing or malformed, the model does not fit the
   *     env, or the unnorm_key has no action statistics (message lists the valid keys)
   */
  public static OnnxVlaPolicy load(Path dir, EnvSpec env, Overrides overrides, int threads) {
    VlaModelConfig cfg = VlaModelConfig.read(dir);
    cfg.checkAgainst(env);
    NormalizationStatistics stats = StatisticsJson.read(dir.resolve("dataset_statistics.json"));
    String key = overrides.unnormKey() != null ? overrides.unnormKey() : cfg.unnormKey();
    ActionNormalizer normalizer = new ActionNormalizer(stats.requireActionStatistics(key));
    PromptTemplate template = PromptTemplate.builtIn(overrides.promptTemplate() != null ? overrides.promptTemplate() : cfg.promptTemplate());
    List<ImageStep> steps = new ArrayList<>();
    if (cfg.rotation().equals("rot180") && !overrides.skipRotation()) steps.add(new ImageStep.Rotate180());
    Path tok = dir.resolve(cfg.tokenizer());
    if (!Files.isRegularFile(tok)) throw new IllegalArgumentException("model folder " + dir + " lacks " + cfg.tokenizer());
    HuggingFaceTokenizer tokenizer;
    try {
      useCpuTokenizerLibrary();
      tokenizer = HuggingFaceTokenizer.newInstance(tok, Map.of("addSpecialTokens", "true"));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot load tokenizer " + tok + ": " + e.getMessage(), e);
    }
    OnnxVlaRunner runner = new OnnxVlaRunner(dir.resolve(cfg.visionOnnx()), dir.resolve(cfg.trunkOnnx()), cfg, threads);
    String tag = cfg.name();
    return new OnnxVlaPolicy(tag, cfg, runner, tokenizer, template, List.copyOf(steps), normalizer, key);
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
    return name;
  }

  public VlaModelConfig config() {
    return config;
  }

  @Override
  public List<String> pipeline() {
    List<String> p = new ArrayList<>();
    for (ImageStep s : imageSteps) p.add("image:" + s.name());
    p.add("prompt:" + template.name());
    p.add("tokenize:" + config.tokenizer());
    p.add("onnx:" + config.visionOnnx() + "+" + config.trunkOnnx() + " greedy x" + config.actionDim());
    p.add("detokenize:" + config.actionScheme() + " vocab " + config.vocabSize());
    p.add("unnormalize:" + unnormKey);
    p.add("gripper:" + gripper.name());
    return p;
  }

  /** The BOS + prompt token ids the model gets for an instruction (cached per instruction). */
  public long[] promptIds(String instruction) {
    return promptCache.computeIfAbsent(instruction, ins -> {
      Encoding e = tokenizer.encode(template.format(ins));
      return e.getIds();
    });
  }

  /** The image as the model takes it: the config's orientation steps applied to the env's frame. */
  public RgbImage preprocess(RgbImage envImage) {
    RgbImage im = envImage;
    for (ImageStep s : imageSteps) im = s.apply(im);
    return im;
  }

  @Override
  public PolicyOutput act(PolicyInput in) {
    if (in.wrist() == null) throw new IllegalArgumentException("model '" + name + "' needs the wrist camera image");
    int[] tokens = runner.generate(preprocess(in.agentview()).data(), preprocess(in.wrist()).data(), promptIds(in.instruction()),
        config.actionDim());
    double[] normalized = new double[config.actionDim()];
    int outOfRange = detokenizer.decode(tokens, normalized);
    double[] action = new double[normalized.length];
    normalizer.unnormalize(normalized, action);
    action[action.length - 1] = gripper.apply(action[action.length - 1]);
    return new PolicyOutput(action, tokens, outOfRange);
  }

  @Override
  public void close() {
    runner.close();
    tokenizer.close();
  }
}
