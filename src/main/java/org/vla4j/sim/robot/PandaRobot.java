package org.vla4j.sim.robot;

import org.vla4j.mujoco.MjModel;
import org.vla4j.mujoco.MjObj;

/**
 * Where the Franka Panda of {@code panda_table.xml} lives inside a compiled model: the qpos/qvel
 * addresses of its 7 arm joints and 2 finger joints, its actuators and the end-effector site.
 * Names follow robosuite's {@code robot0_} prefix. Looked up once per model.
 *
 * @param armQpos qpos address of each arm joint (7)
 * @param armDof qvel/dof address of each arm joint (7)
 * @param armActuators actuator ids of the 7 torque motors
 * @param fingerQpos qpos addresses of the two finger slide joints (0 open … 0.04 m each; 0.04 = open)
 * @param fingerActuators actuator ids of the two finger position servos
 * @param gripSite the site between the fingertips tracked by the controller ({@code robot0_grip_site})
 * @param handBody the hand body ({@code robot0_hand})
 * @param torqueLimits symmetric torque limit of each arm motor, N·m
 */
public record PandaRobot(
    int[] armQpos, int[] armDof, int[] armActuators, int[] fingerQpos, int[] fingerActuators, int gripSite, int handBody,
    double[] torqueLimits) {

  /** Number of arm joints. */
  public static final int ARM_DOF = 7;

  /** robosuite's default Panda joint configuration [0, π/16, 0, −π/2 − π/3, 0, π − 0.2, π/4] (rad). */
  public static final double[] HOME_QPOS = {0, Math.PI / 16, 0, -Math.PI / 2 - Math.PI / 3, 0, Math.PI - 0.2, Math.PI / 4};

  /** Finger opening of one finger when fully open, metres. */
  public static final double FINGER_OPEN = 0.04;

  /**
   * Looks the robot up in a model.
   *
   * @throws IllegalArgumentException if a joint, actuator or site is missing (the message lists valid names)
   */
  public static PandaRobot find(MjModel m) {
    int[] qpos = new int[ARM_DOF], dof = new int[ARM_DOF], act = new int[ARM_DOF];
    double[] limits = new double[ARM_DOF];
    for (int i = 0; i < ARM_DOF; i++) {
      int j = m.id(MjObj.JOINT, "robot0_joint" + (i + 1));
      qpos[i] = m.jointQposAddress(j);
      dof[i] = m.jointDofAddress(j);
      act[i] = m.id(MjObj.ACTUATOR, "robot0_torq_j" + (i + 1));
      limits[i] = m.actuatorCtrlRange(act[i])[1];
    }
    int[] fq = {
      m.jointQposAddress(m.id(MjObj.JOINT, "robot0_finger_joint1")),
      m.jointQposAddress(m.id(MjObj.JOINT, "robot0_finger_joint2"))
    };
    int[] fa = {m.id(MjObj.ACTUATOR, "robot0_gripper_finger_left"), m.id(MjObj.ACTUATOR, "robot0_gripper_finger_right")};
    return new PandaRobot(qpos, dof, act, fq, fa, m.id(MjObj.SITE, "robot0_grip_site"), m.id(MjObj.BODY, "robot0_hand"), limits);
  }
}
