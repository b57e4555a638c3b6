package org.vla4j.policy.steps;

import org.vla4j.policy.steps.gripper.GripperConvention;
import org.vla4j.policy.steps.image.ImageStep;
import org.vla4j.policy.steps.normalize.ActionNormalizer;
import org.vla4j.policy.steps.prompt.PromptTemplate;
import org.vla4j.policy.steps.tokenize.ActionTokenizer;

/**
 * One named step of a policy's processor pipeline, around the network: the pre-steps turn an env
 * observation and instruction into model inputs (image orientation, resize, crop; prompt template;
 * text tokenizer), the post-steps turn model outputs into an env action (detokenize; unnormalize
 * with the unnorm_key; gripper convention). The pipeline is LeRobot's {@code
 * make_<policy>_pre_post_processors} (huggingface/lerobot) and DJL's Translator in one list of
 * plain values; its {@link #name()}s are what logs and reports show, because the metadata these
 * steps carry is where the silent failures live. A failure drill ({@link Fault}) replaces exactly
 * one named step. The set is closed.
 */
public sealed interface ProcessorStep
    permits ProcessorStep.Image, ProcessorStep.Prompt, ProcessorStep.Tokenize, ProcessorStep.Detokenize,
        ProcessorStep.Unnormalize, ProcessorStep.Gripper {

  /** The kind of step, the part of {@link #name()} before the colon. */
  enum Kind {
    IMAGE, PROMPT, TOKENIZE, DETOKENIZE, UNNORMALIZE, GRIPPER;

    /** Lower-case name as in the step names, e.g. {@code unnormalize}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The kind of step. */
  Kind kind();

  /** {@code kind:detail}, e.g. {@code image:rotate180}, {@code unnormalize:vla4j_object}. */
  String name();

  /** An image step on each camera image ({@code [H, W, 3]} uint8), see {@link ImageStep} for each one's source. */
  record Image(ImageStep step) implements ProcessorStep {
    @Override
    public Kind kind() {
      return Kind.IMAGE;
    }

    @Override
    public String name() {
      return "image:" + step.name();
    }
  }

  /** The prompt template that wraps the instruction (OpenVLA's, arXiv:2406.09246). */
  record Prompt(PromptTemplate template) implements ProcessorStep {
    @Override
    public Kind kind() {
      return Kind.PROMPT;
    }

    @Override
    public String name() {
      return "prompt:" + template.name();
    }
  }

  /**
   * The text tokenizer (a HuggingFace {@code tokenizer.json}) and the begin-of-sequence id every
   * prompt starts with.
   *
   * @param file the tokenizer file's name inside the model folder
   * @param bosTokenId the id the encoded prompt must start with
   */
  record Tokenize(String file, int bosTokenId) implements ProcessorStep {
    @Override
    public Kind kind() {
      return Kind.TOKENIZE;
    }

    @Override
    public String name() {
      return "tokenize:" + file;
    }
  }

  /**
   * Action tokens → normalized actions in [−1, 1] (OpenVLA's bins, arXiv:2406.09246).
   *
   * @param scheme the scheme's config name, e.g. {@code openvla}
   * @param vocabSize the vocabulary whose last ids are the action tokens
   * @param tokenizer the action tokenizer
   */
  record Detokenize(String scheme, int vocabSize, ActionTokenizer tokenizer) implements ProcessorStep {
    @Override
    public Kind kind() {
      return Kind.DETOKENIZE;
    }

    @Override
    public String name() {
      return "detokenize:" + scheme + " vocab " + vocabSize;
    }
  }

  /**
   * Normalized actions → env units with one dataset's statistics (OpenVLA's BOUNDS_Q99, arXiv:2406.09246).
   *
   * @param unnormKey the statistics key (the unnorm_key)
   * @param normalizer that key's action statistics
   */
  record Unnormalize(String unnormKey, ActionNormalizer normalizer) implements ProcessorStep {
    @Override
    public Kind kind() {
      return Kind.UNNORMALIZE;
    }

    @Override
    public String name() {
      return "unnormalize:" + unnormKey;
    }
  }

  /** The gripper post-processing (OpenVLA's LIBERO convention or none, arXiv:2406.09246). */
  record Gripper(GripperConvention convention) implements ProcessorStep {
    @Override
    public Kind kind() {
      return Kind.GRIPPER;
    }

    @Override
    public String name() {
      return "gripper:" + convention.name();
    }
  }
}
