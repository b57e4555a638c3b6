package org.vla4j.policy.vla;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vla4j.policy.steps.Fault;
import org.vla4j.policy.steps.ProcessorStep;
import org.vla4j.policy.steps.gripper.GripperConvention;
import org.vla4j.policy.steps.image.ImageStep;
import org.vla4j.policy.steps.image.ResizeMethod;
import org.vla4j.policy.steps.normalize.ActionNormalizer;
import org.vla4j.policy.steps.normalize.NormalizationStatistics;
import org.vla4j.policy.steps.prompt.PromptTemplate;
import org.vla4j.policy.steps.tokenize.OpenVlaActionTokenizer;

/**
 * The processor pipeline of an OpenVLA-style model family, built from its config.json and
 * dataset_statistics.json only (LeRobot's {@code processor_<policy>.py}: the steps around the
 * network, as data). Pre-steps: {@code image:*} (rotation, then resize, then OpenVLA's center crop,
 * as config.json says), {@code prompt:<template>}, {@code tokenize:<file>}; post-steps: {@code
 * detokenize:openvla}, {@code unnormalize:<unnorm_key>}, {@code gripper:<convention>}. A {@link Fault}
 * replaces exactly one named step ({@link #withFault}). Conventions: OpenVLA (arXiv:2406.09246).
 *
 * @param imageSteps the image pre-steps, in order (possibly none)
 * @param prompt the prompt template step
 * @param tokenize the text tokenizer step
 * @param detokenize the action detokenizer step, or null for a model whose head answers continuous
 *     actions (action_scheme {@code continuous}: {@link ActionHead}, {@link FlowMatchingHead})
 * @param unnormalize the unnormalization step
 * @param gripper the gripper post-processing step
 */
public record VlaProcessors(List<ProcessorStep.Image> imageSteps, ProcessorStep.Prompt prompt, ProcessorStep.Tokenize tokenize,
    ProcessorStep.Detokenize detokenize, ProcessorStep.Unnormalize unnormalize, ProcessorStep.Gripper gripper) {
  /** The drills' template for {@link Fault#BAD_PROMPT} (a rephrasing OpenVLA was never trained on: {@code What action should the robot take? {instruction}}). */
  public static final String BAD_PROMPT_TEMPLATE = "rephrased";

  public VlaProcessors {
    imageSteps = List.copyOf(imageSteps);
  }

  /**
   * The pipeline config.json describes.
   *
   * @param unnormKey the statistics key to unnormalize with, or null for the config's {@code unnorm_key}
   * @throws IllegalArgumentException if a named template, convention, scheme or key does not exist (the
   *     message lists the valid ones)
   */
  public static VlaProcessors of(VlaModelConfig cfg, NormalizationStatistics stats, String unnormKey) {
    List<ProcessorStep.Image> images = new ArrayList<>();
    if (cfg.rotation().equals("rot180")) images.add(new ProcessorStep.Image(new ImageStep.Rotate180()));
    if (cfg.resize() != null) {
      images.add(new ProcessorStep.Image(new ImageStep.Resize(cfg.resize().height(), cfg.resize().width(),
          ResizeMethod.byId(cfg.resize().method()))));
    }
    if (cfg.centerCrop() != null) images.add(new ProcessorStep.Image(new ImageStep.CenterCrop(cfg.centerCrop())));
    String key = unnormKey != null ? unnormKey : cfg.unnormKey();
    ProcessorStep.Detokenize detokenize = !cfg.actionScheme().equals("openvla") ? null
        : new ProcessorStep.Detokenize(cfg.actionScheme(), cfg.vocabSize(), OpenVlaActionTokenizer.of(cfg.vocabSize(), cfg.nBins()));
    return new VlaProcessors(images, new ProcessorStep.Prompt(PromptTemplate.builtIn(cfg.promptTemplate())),
        new ProcessorStep.Tokenize(cfg.tokenizer(), cfg.bosTokenId()), detokenize, unnormalizeStep(stats, key),
        new ProcessorStep.Gripper(GripperConvention.byName(cfg.gripperConvention())));
  }

  private static ProcessorStep.Unnormalize unnormalizeStep(NormalizationStatistics stats, String key) {
    return new ProcessorStep.Unnormalize(key, new ActionNormalizer(stats.requireActionStatistics(key)));
  }

  /**
   * This pipeline with one step replaced by a fault: {@link Fault#NO_FLIP} drops the 180° rotation,
   * {@link Fault#BAD_PROMPT} swaps the template for {@value #BAD_PROMPT_TEMPLATE}, {@link
   * Fault#BAD_UNNORM} unnormalizes with the first other key of the model's own statistics file that
   * has action statistics (another embodiment's data, as a user who picks the wrong key gets).
   *
   * @param modelDir the model folder, for error messages
   * @throws IllegalArgumentException if the model has no such step to break (no rotation; already the
   *     rephrased template; a statistics file with one key), saying why
   */
  public VlaProcessors withFault(Fault fault, NormalizationStatistics stats, Path modelDir) {
    return switch (fault) {
      case NONE -> this;
      case NO_FLIP -> {
        List<ProcessorStep.Image> kept = imageSteps.stream().filter(s -> !(s.step() instanceof ImageStep.Rotate180)).toList();
        if (kept.size() == imageSteps.size()) {
          throw new IllegalArgumentException("fault no_flip: model " + modelDir + " has no 180° rotation to skip (config.json 'rotation')");
        }
        yield new VlaProcessors(kept, prompt, tokenize, detokenize, unnormalize, gripper);
      }
      case BAD_PROMPT -> {
        if (prompt.template().name().equals(BAD_PROMPT_TEMPLATE)) {
          throw new IllegalArgumentException("fault bad_prompt: model " + modelDir + " was trained with template '"
              + BAD_PROMPT_TEMPLATE + "' already; no other built-in template is the drill's");
        }
        yield new VlaProcessors(imageSteps, new ProcessorStep.Prompt(PromptTemplate.builtIn(BAD_PROMPT_TEMPLATE)), tokenize,
            detokenize, unnormalize, gripper);
      }
      case BAD_UNNORM -> new VlaProcessors(imageSteps, prompt, tokenize, detokenize,
          unnormalizeStep(stats, wrongUnnormKey(stats, unnormalize.unnormKey(), modelDir)), gripper);
    };
  }

  /**
   * The key the wrong-unnorm_key drill uses: the first key of the statistics file, in file order,
   * other than {@code rightKey}, that has action statistics.
   *
   * @throws IllegalArgumentException if the file holds no other such key
   */
  public static String wrongUnnormKey(NormalizationStatistics stats, String rightKey, Path modelDir) {
    for (String k : stats.keys()) {
      if (!k.equals(rightKey) && stats.forKey(k).action() != null) return k;
    }
    throw new IllegalArgumentException("fault bad_unnorm: " + modelDir.resolve("dataset_statistics.json") + " holds no key but '"
        + rightKey + "' (keys: " + stats.keys() + "); the drill needs a second dataset's statistics in the model folder");
  }

  /** The pre-steps in order: image steps, prompt, tokenize. */
  public List<ProcessorStep> pre() {
    List<ProcessorStep> p = new ArrayList<>(imageSteps);
    p.add(prompt);
    p.add(tokenize);
    return p;
  }

  /** The post-steps in order: detokenize (none for a continuous head), unnormalize, gripper. */
  public List<ProcessorStep> post() {
    return detokenize == null ? List.of(unnormalize, gripper) : List.of(detokenize, unnormalize, gripper);
  }

  /** Every step's name, the pre-steps, then {@code model} (the network's own step), then the post-steps. */
  public List<String> names(String model) {
    List<String> n = new ArrayList<>();
    pre().forEach(s -> n.add(s.name()));
    n.add(model);
    post().forEach(s -> n.add(s.name()));
    return n;
  }
}
