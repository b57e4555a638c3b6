package org.vla4j.sim.robot;

/**
 * The Panda gripper's command ramp, as robosuite's {@code PandaGripper}: a command state
 * g ∈ [−1, 1] (−1 open, +1 closed) moves by {@link #SPEED} × sign(action) every physics substep,
 * so only the sign of the gripper action matters and the fingers ramp over 8 control steps
 * (200 substeps) from open to closed. Each finger servo's target is 0.04·(1 − g)/2 metres.
 */
public final class GripperRamp {
  /** Change of the command state per physics substep. */
  public static final double SPEED = 0.01;

  private double state = -1;

  /** Opens the command state fully (episode start). */
  public void reset() {
    state = -1;
  }

  /** Advances the ramp one substep toward the sign of {@code action} (0 holds). */
  public void update(double action) {
    state = Math.max(-1, Math.min(1, state + SPEED * Math.signum(action)));
  }

  /** Command state in [−1, 1]. */
  public double state() {
    return state;
  }

  /** Target opening of each finger, metres in [0, 0.04]. */
  public double fingerTarget() {
    return PandaRobot.FINGER_OPEN * (1 - state) / 2;
  }
}
