package org.vla4j.policy.steps.prompt;

import java.util.List;
import java.util.Locale;

/**
 * Box 2 of the loop: turns an instruction into the prompt text the language model saw in training.
 * Built-ins (OpenVLA, arXiv:2406.09246, and its v0.1 Vicuña prompt):
 *
 * <ul>
 *   <li>{@code openvla} (OpenVLA, arXiv:2406.09246): {@code "In: What action should the robot
 *       take to {instruction.lower()}?\nOut:"}. Training saw a trailing space after {@code
 *       "Out:"}; OpenVLA re-creates it at inference with an extra empty token (Llama id 29871),
 *       which is the text tokenizer's job, not this template's.
 *   <li>{@code openvla-v01} (OpenVLA v0.1, Vicuña): {@code "{SYSTEM} USER: What action should the
 *       robot take to {instruction.lower()}? ASSISTANT:"} with {@link #VICUNA_SYSTEM_PROMPT}.
 *   <li>{@code rephrased}: the failure drill's rephrasing {@code "What action should the robot
 *       take? {instruction}"}, verbatim. The instruction is lowercased as in {@code openvla}, so
 *       the drill changes only the wording (our choice; the drill's text does not say).
 * </ul>
 *
 * <p>User-defined templates contain the placeholder {@code {instruction}} exactly once or more;
 * the instruction is lowercased or not as asked. Lowercasing uses {@link Locale#ROOT} (Python's
 * {@code str.lower()} is locale-independent too; the two agree on ASCII and on most of Unicode).
 *
 * @param name template name (for logs, reports and config.json)
 * @param template text with {@code {instruction}} placeholder(s)
 * @param lowercase whether the instruction is lowercased before substitution
 */
public record PromptTemplate(String name, String template, boolean lowercase) {

  /** The placeholder substituted with the instruction. */
  public static final String PLACEHOLDER = "{instruction}";

  /** Vicuña's system prompt used by OpenVLA v0.1. */
  public static final String VICUNA_SYSTEM_PROMPT =
      "A chat between a curious user and an artificial intelligence assistant. The assistant gives"
          + " helpful, detailed, and polite answers to the user's questions.";

  /** OpenVLA's prompt. */
  public static final PromptTemplate OPENVLA =
      new PromptTemplate("openvla", "In: What action should the robot take to {instruction}?\nOut:", true);

  /** OpenVLA v0.1's prompt, with the Vicuña system prompt. */
  public static final PromptTemplate OPENVLA_V01 =
      new PromptTemplate(
          "openvla-v01",
          VICUNA_SYSTEM_PROMPT + " USER: What action should the robot take to {instruction}? ASSISTANT:",
          true);

  /** The failure drill's rephrased prompt. */
  public static final PromptTemplate REPHRASED =
      new PromptTemplate("rephrased", "What action should the robot take? {instruction}", true);

  /** Names of the built-in templates. */
  public static final List<String> BUILT_IN = List.of("openvla", "openvla-v01", "rephrased");

  /** @throws IllegalArgumentException if the template lacks {@code {instruction}} */
  public PromptTemplate {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a prompt template needs a name");
    }
    if (template == null || !template.contains(PLACEHOLDER)) {
      throw new IllegalArgumentException(
          "prompt template '" + name + "' must contain " + PLACEHOLDER + ", got: " + template);
    }
  }

  /**
   * A built-in template by name.
   *
   * @throws IllegalArgumentException for an unknown name; the message lists the built-ins
   */
  public static PromptTemplate builtIn(String name) {
    return switch (name) {
      case "openvla" -> OPENVLA;
      case "openvla-v01" -> OPENVLA_V01;
      case "rephrased" -> REPHRASED;
      default ->
          throw new IllegalArgumentException(
              "unknown prompt template '" + name + "'; built-in templates: " + BUILT_IN
                  + " (or give a custom template containing " + PLACEHOLDER + ")");
    };
  }

  /**
   * A user-defined template.
   *
   * @param template text containing {@code {instruction}}
   * @param lowercase whether to lowercase the instruction as OpenVLA does
   */
  public static PromptTemplate custom(String template, boolean lowercase) {
    return new PromptTemplate("custom", template, lowercase);
  }

  /**
   * The prompt for one instruction.
   *
   * @param instruction the task's natural-language instruction, non-null
   * @return the template with every {@code {instruction}} replaced
   */
  public String format(String instruction) {
    if (instruction == null) {
      throw new IllegalArgumentException("instruction is null");
    }
    String text = lowercase ? instruction.toLowerCase(Locale.ROOT) : instruction;
    return template.replace(PLACEHOLDER, text);
  }
}
