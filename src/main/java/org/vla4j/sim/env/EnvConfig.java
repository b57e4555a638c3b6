package org.vla4j.sim.env;

import org.vla4j.sim.libero.env.LiberoCameras;
import org.vla4j.sim.robot.ControllerConfig;
import org.vla4j.sim.suite.PandaScene;
import org.vla4j.sim.suite.Suite;

/**
 * How an {@link Env} renders.
 *
 * @param imageSize side of both camera images, pixels, 1..256 (LIBERO training data: 128)
 * @param render scene rendering flags (vla4j's own suites: {@link RenderSettings#FAST}; LIBERO suites:
 *     {@link RenderSettings#MUJOCO_DEFAULT}, as robosuite renders)
 * @param renderAgentview whether to render {@code agentview} every step
 * @param renderEyeInHand whether to render {@code robot0_eye_in_hand} every step
 * @param controller the arm controller's input range ({@link ControllerConfig#DEFAULT}: [−1, 1])
 * @param multisampling render with the scene's own offscreen multisamples ({@code offsamples}): LIBERO's
 *     scenes have MuJoCo's default 4 and robosuite renders with them; vla4j's own scenes have none, so
 *     this changes nothing there. Deterministic on Mesa llvmpipe, not guaranteed on GPU drivers.
 */
public record EnvConfig(
    int imageSize, RenderSettings render, boolean renderAgentview, boolean renderEyeInHand, ControllerConfig controller,
    boolean multisampling) {
  /** 128×128, both cameras, fast settings: vla4j's own suites. */
  public static final EnvConfig DEFAULT = new EnvConfig(PandaScene.DEFAULT_IMAGE_SIZE, RenderSettings.FAST, true, true);

  /**
   * 128×128, both cameras, as robosuite 1.4.1 renders LIBERO: MuJoCo's default flags, the scene's 4
   * multisamples ({@link LiberoCameras.Settings#libero}).
   */
  public static final EnvConfig LIBERO = new EnvConfig(PandaScene.DEFAULT_IMAGE_SIZE, RenderSettings.MUJOCO_DEFAULT, true, true,
      ControllerConfig.DEFAULT, true);

  /**
   * The environment variable that turns LIBERO's multisampling off ({@value}{@code =no-multisampling}), for
   * GPU drivers whose multisample resolve is not deterministic; {@code libero} (or unset) renders as LIBERO does.
   */
  public static final String LIBERO_RENDER_ENV = "VLA4J_LIBERO_RENDER";

  /** As the canonical constructor, with the default controller input range, without multisampling. */
  public EnvConfig(int imageSize, RenderSettings render, boolean renderAgentview, boolean renderEyeInHand) {
    this(imageSize, render, renderAgentview, renderEyeInHand, ControllerConfig.DEFAULT, false);
  }

  /** As the canonical constructor, without multisampling. */
  public EnvConfig(int imageSize, RenderSettings render, boolean renderAgentview, boolean renderEyeInHand, ControllerConfig controller) {
    this(imageSize, render, renderAgentview, renderEyeInHand, controller, false);
  }

  public EnvConfig {
    if (controller == null) controller = ControllerConfig.DEFAULT;
    if (imageSize < 1 || imageSize > 256) throw new IllegalArgumentException("image size must be in 1..256, got " + imageSize);
  }

  /**
   * The default config of a suite's env: {@link #LIBERO} for a LIBERO suite (without multisampling when
   * {@value #LIBERO_RENDER_ENV} says {@code no-multisampling}), else {@link #DEFAULT}.
   *
   * @throws IllegalArgumentException if {@value #LIBERO_RENDER_ENV} holds another value (names the valid ones)
   */
  public static EnvConfig forSuite(Suite suite) {
    return forSuite(suite, System.getenv(LIBERO_RENDER_ENV));
  }

  /** {@link #forSuite(Suite)} with the variable's value given (null: unset). */
  static EnvConfig forSuite(Suite suite, String liberoRender) {
    if (!suite.isLibero()) return DEFAULT;
    if (liberoRender == null || liberoRender.isBlank() || liberoRender.equals("libero")) return LIBERO;
    if (liberoRender.equals("no-multisampling")) return LIBERO.withMultisampling(false);
    throw new IllegalArgumentException(LIBERO_RENDER_ENV + "=" + liberoRender + " is not a render mode; valid: libero (LIBERO's own,"
        + " 4x multisampling), no-multisampling (for GPU drivers whose multisampling is not deterministic)");
  }

  /** The same config with another controller input range. */
  public EnvConfig withController(ControllerConfig c) {
    return new EnvConfig(imageSize, render, renderAgentview, renderEyeInHand, c, multisampling);
  }

  /** The same config with other cameras. */
  public EnvConfig withCameras(boolean agentview, boolean eyeInHand) {
    return new EnvConfig(imageSize, render, agentview, eyeInHand, controller, multisampling);
  }

  /** The same config with or without the scene's multisampling. */
  public EnvConfig withMultisampling(boolean on) {
    return new EnvConfig(imageSize, render, renderAgentview, renderEyeInHand, controller, on);
  }

  /** The same config at another image size. */
  public EnvConfig withImageSize(int size) {
    return new EnvConfig(size, render, renderAgentview, renderEyeInHand, controller, multisampling);
  }

  /** How a {@link LiberoTaskEnv} renders its cameras with this config. */
  public LiberoCameras.Settings liberoCameras() {
    return new LiberoCameras.Settings(imageSize, render.sceneFlags(), multisampling);
  }

  /**
   * What run fingerprints record as {@code render_settings} for an env of {@code suite} with this config:
   * for a LIBERO suite {@link LiberoCameras.Settings#describe()} (size, flags, multisampling, sampling
   * substep), {@code no cameras} when neither camera is rendered; for vla4j's own suites the flags and size.
   */
  public String describe(Suite suite) {
    if (!suite.isLibero()) return render + ", " + imageSize + "x" + imageSize;
    if (!renderAgentview && !renderEyeInHand) return "libero: no cameras rendered";
    return liberoCameras().describe();
  }
}
