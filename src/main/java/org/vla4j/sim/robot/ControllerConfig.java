package org.vla4j.sim.robot;

/**
 * The arm controller's input range, as robosuite's {@code input_max}/{@code input_min} (symmetric
 * here): the six arm components of an action are clipped to [−inputMax, inputMax] and divided by
 * {@code inputMax} before the OSC sees them, so an action of {@code inputMax} asks for the same
 * motion that 1.0 asks for under the default range. The gripper component is not affected.
 *
 * <p>Two controllers with different input ranges are two "embodiments" for a policy: the same
 * motion is a different number. vla4j uses this to make datasets whose action statistics differ
 * (e.g. {@code inputMax} 4 → translation actions 4× larger), so that the unnorm_key matters.
 *
 * @param inputMax the arm's action range, &gt; 0 (default 1.0: robosuite OSC_POSE, LIBERO)
 */
public record ControllerConfig(double inputMax) {
  /** robosuite's OSC_POSE default: input range [−1, 1]. */
  public static final ControllerConfig DEFAULT = new ControllerConfig(1.0);

  public ControllerConfig {
    if (!(inputMax > 0) || !Double.isFinite(inputMax)) {
      throw new IllegalArgumentException("controller input max must be a finite number > 0, got " + inputMax);
    }
  }

  /** Whether this is the default range (actions pass to the OSC unchanged). */
  public boolean isDefault() {
    return inputMax == 1.0;
  }

  /**
   * The action the OSC sees: arm components clipped to [−inputMax, inputMax] and divided by
   * inputMax; the gripper unchanged. The default range returns {@code action} itself.
   *
   * @param action length 7
   */
  public double[] toUnitRange(double[] action) {
    if (isDefault()) return action;
    double[] a = action.clone();
    for (int i = 0; i < 6 && i < a.length; i++) a[i] = Math.max(-inputMax, Math.min(inputMax, a[i])) / inputMax;
    return a;
  }
}
