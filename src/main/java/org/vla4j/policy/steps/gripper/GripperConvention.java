package org.vla4j.policy.steps.gripper;

import java.util.List;

/**
 * A named, ordered composition of {@link GripperStep}s applied to the gripper dimension (the last
 * one) of every action, after unnormalization. Built-ins:
 *
 * <ul>
 *   <li>{@code libero-openvla}: {@code 2g − 1}, binarize to sign, invert — OpenVLA's LIBERO
 *       post-processing (arXiv:2406.09246): training data mapped the env's gripper (−1 open, +1
 *       close) to 1 = open, 0 = close; this maps the model's output back to −1 open / +1 close.
 *   <li>{@code identity}: no steps, for models that already emit env units.
 * </ul>
 *
 * @param name convention name as written in a model's config.json
 * @param steps steps in the order they are applied; copied
 */
public record GripperConvention(String name, List<GripperStep> steps) {

  /** OpenVLA's LIBERO gripper post-processing. */
  public static final GripperConvention LIBERO_OPENVLA =
      new GripperConvention(
          "libero-openvla",
          List.of(new GripperStep.ZeroOneToSigned(), new GripperStep.BinarizeSign(), new GripperStep.Invert()));

  /** No post-processing. */
  public static final GripperConvention IDENTITY = new GripperConvention("identity", List.of());

  /** Names accepted by {@link #byName}. */
  public static final List<String> NAMES = List.of(LIBERO_OPENVLA.name(), IDENTITY.name());

  /** Copies the step list. */
  public GripperConvention {
    steps = List.copyOf(steps);
  }

  /**
   * @throws IllegalArgumentException for an unknown name; the message lists the valid ones
   */
  public static GripperConvention byName(String name) {
    return switch (name) {
      case "libero-openvla" -> LIBERO_OPENVLA;
      case "identity" -> IDENTITY;
      default ->
          throw new IllegalArgumentException(
              "unknown gripper convention '" + name + "'; valid conventions: " + NAMES);
    };
  }

  /** The steps' names in order, e.g. {@code [2g-1, binarize, invert]}, for logs and reports. */
  public List<String> stepNames() {
    return steps.stream().map(GripperStep::name).toList();
  }

  /** Applies all steps to one gripper value. */
  public double apply(double g) {
    for (GripperStep s : steps) {
      g = s.apply(g);
    }
    return g;
  }

  /**
   * Applies the convention in place to the last dimension of each action in a flat time-major
   * array {@code [K·D]}; no allocation.
   *
   * @param actions [K·D] actions in env units
   * @param dims D, ≥ 1, must divide the length
   * @throws IllegalArgumentException if {@code dims} does not divide the length
   */
  public void applyInPlace(double[] actions, int dims) {
    if (dims < 1 || actions.length % dims != 0) {
      throw new IllegalArgumentException(
          "cannot split " + actions.length + " values into actions of " + dims + " dimensions");
    }
    if (steps.isEmpty()) {
      return;
    }
    for (int i = dims - 1; i < actions.length; i += dims) {
      actions[i] = apply(actions[i]);
    }
  }
}
