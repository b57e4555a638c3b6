package org.vla4j.rollout;

/**
 * What an agent may report about its last action besides the action itself, for the runtime
 * monitor. Every field is optional: {@link #EMPTY} reports nothing.
 *
 * @param actionTokensOutOfRange number of the action's tokens (one per action dimension, 0..7) that
 *     fell outside the tokenizer's action bins and had to be clamped; −1 when the agent does not
 *     report it (a scripted expert, a continuous head)
 */
public record StepDiagnostics(int actionTokensOutOfRange) {
  /** Nothing reported. */
  public static final StepDiagnostics EMPTY = new StepDiagnostics(-1);

  /** @throws IllegalArgumentException if the count is below −1 */
  public StepDiagnostics {
    if (actionTokensOutOfRange < -1) {
      throw new IllegalArgumentException("actionTokensOutOfRange must be >= 0, or -1 for unknown; got " + actionTokensOutOfRange);
    }
  }

  /** Whether the agent reported the out-of-range token count. */
  public boolean reportsTokens() {
    return actionTokensOutOfRange >= 0;
  }
}
