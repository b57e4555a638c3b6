package org.vla4j.sim.robot;

import org.vla4j.mujoco.MjData;
import org.vla4j.mujoco.MjModel;

/**
 * Turns one 7-D normalized action into 25 physics substeps, LIBERO/robosuite style: 20 Hz
 * control on a 0.002 s timestep. The arm follows {@link OscPoseController} (goal set once per
 * action, torques recomputed every substep); the gripper follows {@link GripperRamp}. Each
 * substep is {@code mj_step1} → controller → {@code mj_step2}, so the controller always reads
 * the current state (robosuite calls {@code sim.forward()} before each controller update); after
 * the last substep {@code mj_forward} makes poses and contacts current for observations.
 *
 * <p>Action: {@code [dx, dy, dz, rx, ry, rz, gripper]}, each clipped to [−1, 1]; gripper −1 open,
 * +1 close. Source: robosuite OSC_POSE controller config and LIBERO (arXiv:2306.03310).
 */
public final class PandaController {
  /** Control frequency, Hz. */
  public static final int CONTROL_HZ = 20;
  /** Physics timestep the controller is designed for, seconds. */
  public static final double TIMESTEP = 0.002;
  /** Physics substeps per action: (1/20 s) / 0.002 s. */
  public static final int SUBSTEPS = 25;

  private final PandaRobot robot;
  private final OscPoseController osc;
  private final GripperRamp gripper = new GripperRamp();
  private final ControllerConfig input;

  /**
   * @throws IllegalArgumentException if the model's timestep is not 0.002 s or it has no Panda
   */
  public PandaController(MjModel model) {
    this(model, ControllerConfig.DEFAULT);
  }

  /**
   * A controller whose arm input range is {@code input} (arm components are clipped to
   * [−inputMax, inputMax] and divided by inputMax before the OSC; the default range is bit-identical
   * to {@link #PandaController(MjModel)}).
   *
   * @throws IllegalArgumentException if the model's timestep is not 0.002 s or it has no Panda
   */
  public PandaController(MjModel model, ControllerConfig input) {
    this.input = input;
    if (Math.abs(model.timestep() - TIMESTEP) > 1e-12) {
      throw new IllegalArgumentException("the controller needs a 0.002 s timestep, the model has " + model.timestep());
    }
    this.robot = PandaRobot.find(model);
    this.osc = new OscPoseController(robot, model.nv());
  }

  public PandaRobot robot() {
    return robot;
  }

  /** Opens the gripper command (call at episode start, after the state is reset). */
  public void reset() {
    gripper.reset();
  }

  /** Gripper command state in [−1, 1]. */
  public double gripperState() {
    return gripper.state();
  }

  /**
   * Applies one action for 1/20 s (25 substeps of {@code d.step()}).
   *
   * @param action length 7, see the class doc
   * @throws IllegalArgumentException if the action does not have 7 components
   */
  public void step(MjData d, double[] action) {
    if (action.length != 7) throw new IllegalArgumentException("action must have 7 components, got " + action.length);
    action = input.toUnitRange(action);
    double g = OscPoseController.clip(action[6]);
    for (int s = 0; s < SUBSTEPS; s++) {
      d.step1(); // kinematics, Jacobian, inertia and bias forces of the current state, as robosuite's forward()
      if (s == 0) osc.setGoal(d, action);
      osc.computeTorques(d);
      gripper.update(g);
      double target = gripper.fingerTarget();
      d.setCtrl(robot.fingerActuators()[0], target);
      d.setCtrl(robot.fingerActuators()[1], target);
      d.step2();
    }
    d.forward(); // so that poses, contacts and renders describe the state the action led to
  }

  /** The arm's input range. */
  public ControllerConfig input() {
    return input;
  }

  /** The controller's current pose goal (for tests and diagnostics). */
  public OscPoseController osc() {
    return osc;
  }
}
