package org.vla4j.sim.env;


import org.vla4j.sim.robot.Rotations;
/**
 * What the env returns after reset and after each step, in robosuite/LIBERO's observation keys.
 *
 * @param agentviewImage {@code agentview_image}: {@code [H, W, 3] uint8} RGB, rows bottom-up (the
 *     "opengl" convention: a policy rotates it 180° before use, as OpenVLA does), or null if not rendered
 * @param eyeInHandImage {@code robot0_eye_in_hand_image}, same layout, or null if not rendered
 * @param imageSize H = W, pixels
 * @param eefPos {@code robot0_eef_pos}: grip-site position, world frame, metres (3)
 * @param eefQuatXyzw {@code robot0_eef_quat}: hand orientation quaternion in (x, y, z, w) order, as robosuite reports it (4)
 * @param gripperQpos {@code robot0_gripper_qpos}: finger joint positions (left, right), metres;
 *     robosuite's signs: left ≥ 0, right ≤ 0, (0.04, −0.04) fully open (2)
 * @param jointPos {@code robot0_joint_pos}: the 7 arm joint angles, radians (7)
 */
public record Observation(
    byte[] agentviewImage, byte[] eyeInHandImage, int imageSize, double[] eefPos, double[] eefQuatXyzw,
    double[] gripperQpos, double[] jointPos) {

  /**
   * The 8-D proprioceptive state openpi, LeRobot and OpenVLA-OFT use for LIBERO: eef position (3),
   * axis-angle of the eef quaternion (3, robosuite's {@code quat2axisangle}), gripper qpos (2).
   */
  public double[] state8() {
    double[] aa = Rotations.quatToAxisAngle(new double[] {eefQuatXyzw[3], eefQuatXyzw[0], eefQuatXyzw[1], eefQuatXyzw[2]});
    return new double[] {eefPos[0], eefPos[1], eefPos[2], aa[0], aa[1], aa[2], gripperQpos[0], gripperQpos[1]};
  }

  /** Mean of all bytes of the agentview image (0..255), the {@code img_mean} of step logs; NaN if not rendered. */
  public double agentviewMean() {
    if (agentviewImage == null) return Double.NaN;
    long sum = 0;
    for (byte b : agentviewImage) sum += b & 0xff;
    return (double) sum / agentviewImage.length;
  }
}
