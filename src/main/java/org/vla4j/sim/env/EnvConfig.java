package org.vla4j.sim.env;

import org.vla4j.sim.robot.ControllerConfig;
import org.vla4j.sim.suite.PandaScene;

/**
 * How a {@link TabletopEnv} renders.
 *
 * @param imageSize side of both camera images, pixels, 1..256 (LIBERO training data: 128)
 * @param render scene rendering flags (vla4j's default: {@link RenderSettings#FAST})
 * @param renderAgentview whether to render {@code agentview} every step
 * @param renderEyeInHand whether to render {@code robot0_eye_in_hand} every step
 * @param controller the arm controller's input range ({@link ControllerConfig#DEFAULT}: [−1, 1])
 */
public record EnvConfig(
    int imageSize, RenderSettings render, boolean renderAgentview, boolean renderEyeInHand, ControllerConfig controller) {
  /** 128×128, both cameras, fast settings. */
  public static final EnvConfig DEFAULT = new EnvConfig(PandaScene.DEFAULT_IMAGE_SIZE, RenderSettings.FAST, true, true);

  /** As the canonical constructor, with the default controller input range. */
  public EnvConfig(int imageSize, RenderSettings render, boolean renderAgentview, boolean renderEyeInHand) {
    this(imageSize, render, renderAgentview, renderEyeInHand, ControllerConfig.DEFAULT);
  }

  public EnvConfig {
    if (controller == null) controller = ControllerConfig.DEFAULT;
    if (imageSize < 1 || imageSize > 256) throw new IllegalArgumentException("image size must be in 1..256, got " + imageSize);
  }

  /** The same config with another controller input range. */
  public EnvConfig withController(ControllerConfig c) {
    return new EnvConfig(imageSize, render, renderAgentview, renderEyeInHand, c);
  }
}
