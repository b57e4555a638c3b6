package org.vla4j.data;

import java.util.List;

/**
 * One recorded demonstration, ready to write: its frames with PNG-encoded images.
 *
 * @param taskIndex the task's index in the suite (= LeRobot task_index)
 * @param instruction the task's instruction (= LeRobot task string)
 * @param initIndex index of the TRAIN-stream init state it started from
 * @param frames the frames, in time order
 * @param pixelHistograms {@code [2 cameras][3 channels][256]} counts of pixel values over the
 *     episode's frames (camera 0 agentview, 1 wrist), for image statistics
 */
public record Episode(int taskIndex, String instruction, int initIndex, List<Frame> frames, long[][][] pixelHistograms) {
  /**
   * One frame: the observation before the action and the action sent to the env.
   *
   * @param agentviewPng PNG of {@code agentview_image} {@code [H, W, 3] uint8}, rows bottom-up as the env gives them
   * @param wristPng PNG of {@code robot0_eye_in_hand_image}, same layout
   * @param state [8] {@link org.vla4j.sim.env.Observation#state8()} as float32
   * @param action [7] the action sent to the env, env units (gripper −1 open, +1 close), float32
   */
  public record Frame(byte[] agentviewPng, byte[] wristPng, float[] state, float[] action) {}

  public int length() {
    return frames.size();
  }
}
