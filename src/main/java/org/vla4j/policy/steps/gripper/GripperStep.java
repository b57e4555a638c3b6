package org.vla4j.policy.steps.gripper;

/**
 * One named post-processing step on the gripper value of an action (the last dimension of a 7-D
 * end-effector action). Steps compose into a {@link GripperConvention}. The set is closed.
 *
 * <p>Source: OpenVLA's LIBERO evaluation ({@code normalize_gripper_action}, {@code
 * invert_gripper_action}; Kim et al. 2024, arXiv:2406.09246).
 */
public sealed interface GripperStep
    permits GripperStep.ZeroOneToSigned, GripperStep.BinarizeSign, GripperStep.Invert {

  /** The step's name as listed in logs and configs. */
  String name();

  /** Applies the step to one gripper value; no allocation. */
  double apply(double g);

  /**
   * Maps [0, 1] to [−1, 1]: {@code 2·(g − 0)/(1 − 0) − 1}, i.e. {@code 2g − 1} (bit-identical to
   * OpenVLA's {@code normalize_gripper_action} with its default bounds 0 and 1).
   */
  record ZeroOneToSigned() implements GripperStep {
    @Override
    public String name() {
      return "2g-1";
    }

    @Override
    public double apply(double g) {
      return 2 * g - 1;
    }
  }

  /**
   * numpy {@code sign}: −1 for negatives, +1 for positives, 0 for ±0 (so g = 0.5 after {@code 2g −
   * 1} gives 0, which the env reads as neither open nor close), NaN stays NaN.
   */
  record BinarizeSign() implements GripperStep {
    @Override
    public String name() {
      return "binarize";
    }

    @Override
    public double apply(double g) {
      return g > 0 ? 1.0 : (g < 0 ? -1.0 : g == 0 ? 0.0 : g);
    }
  }

  /** {@code g · −1.0} (OpenVLA {@code invert_gripper_action}): 1 = open becomes −1 = open. */
  record Invert() implements GripperStep {
    @Override
    public String name() {
      return "invert";
    }

    @Override
    public double apply(double g) {
      return g * -1.0;
    }
  }
}
