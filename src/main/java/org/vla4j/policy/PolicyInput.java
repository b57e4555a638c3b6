package org.vla4j.policy;

import org.vla4j.policy.steps.image.RgbImage;

/**
 * What a policy sees at one step, in the env's conventions.
 *
 * @param agentview {@code agentview_image}: {@code [H, W, 3]} uint8, rows bottom-up as MuJoCo renders them
 * @param wrist {@code robot0_eye_in_hand_image}: same layout, or null if the env does not render it
 * @param state the 8-D proprioceptive state (eef pos, axis-angle, gripper qpos), or null
 * @param instruction the task's natural-language instruction
 */
public record PolicyInput(RgbImage agentview, RgbImage wrist, double[] state, String instruction) {}
