package org.vla4j.rollout;

/**
 * What an agent may report about its last action besides the action itself, for the episode
 * monitors (the runtime monitor, a demonstration recorder). Every field is optional: {@link #EMPTY}
 * reports nothing.
 *
 * @param actionTokensOutOfRange number of the action's tokens (one per action dimension, 0..7) that
 *     fell outside the tokenizer's action bins and had to be clamped; −1 when the agent does not
 *     report it (a scripted expert, a continuous head)
 * @param label the action a demonstration records for this step, {@code [7]} in env units — the
 *     scripted expert's clean intent, which differs from the executed action when the expert is
 *     noisy or when a DAgger driver acts — or null when the executed action is the label
 */
public record StepDiagnostics(int actionTokensOutOfRange, double[] label) {
  /** Nothing reported. */
  public static final StepDiagnostics EMPTY = new StepDiagnostics(-1, null);

  /** @throws IllegalArgumentException if the count is below −1 or the label is not 7-D */
  public StepDiagnostics {
    if (actionTokensOutOfRange < -1) {
      throw new IllegalArgumentException("actionTokensOutOfRange must be >= 0, or -1 for unknown; got " + actionTokensOutOfRange);
    }
    if (label != null && label.length != 7) throw new IllegalArgumentException("a label has 7 entries, got " + label.length);
  }

  /** Only the out-of-range token count, no label. */
  public StepDiagnostics(int actionTokensOutOfRange) {
    this(actionTokensOutOfRange, null);
  }

  /** Whether the agent reported the out-of-range token count. */
  public boolean reportsTokens() {
    return actionTokensOutOfRange >= 0;
  }
}
