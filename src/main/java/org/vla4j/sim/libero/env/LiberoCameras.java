package org.vla4j.sim.libero.env;

import org.vla4j.mujoco.EglContext;
import org.vla4j.mujoco.MjData;
import org.vla4j.mujoco.MjModel;
import org.vla4j.mujoco.MjModelArray;
import org.vla4j.mujoco.MjObj;
import org.vla4j.mujoco.OffscreenRenderer;
import org.vla4j.mujoco.SceneFlags;

/**
 * LIBERO's two camera observations, {@code agentview} and {@code robot0_eye_in_hand}, rendered as
 * robosuite 1.4.1 renders them: MuJoCo's offscreen renderer with its default scene flags (shadows,
 * reflections, skybox on), the model's own multisampling ({@code offsamples}, 4 in LIBERO's scenes),
 * geom group 0 (collision geoms) hidden and groups 1–2 shown ({@code render_collision_mesh=False},
 * {@code render_visual_mesh=True}), the robot's and gripper's sites hidden by negating their alpha
 * ({@code MujocoModel.set_sites_visibility(sim, False)}, called by every {@code env.reset()}), and rows
 * <b>bottom-up</b> ({@code IMAGE_CONVENTION = "opengl"}, LIBERO's default).
 *
 * <p>Frames are {@code [size, size, 3] uint8} RGB. Not thread-safe: one renderer, bound to the thread that
 * renders. Source: robosuite {@code utils/binding_utils.py} ({@code MjRenderContext}), {@code models/base.py},
 * {@code environments/base.py} ({@code reset}, {@code _reset_internal}).
 */
public final class LiberoCameras implements AutoCloseable {
  /** The third-person camera LIBERO's problems re-pose. */
  public static final String AGENTVIEW = "agentview";
  /** The wrist camera in {@code robot0_right_hand}. */
  public static final String EYE_IN_HAND = "robot0_eye_in_hand";

  /**
   * How the cameras render.
   *
   * @param size image side in pixels (LIBERO: 128 or 256), 1..the model's offscreen buffer (640×480)
   * @param flags scene flags (robosuite: MuJoCo's defaults, all on)
   * @param multisampling render with the model's {@code offsamples} (robosuite: yes); off renders without
   *     multisampling, which looks different
   */
  public record Settings(int size, SceneFlags flags, boolean multisampling) {
    /** robosuite's settings at a given size. */
    public static Settings libero(int size) {
      return new Settings(size, new SceneFlags(true, true, true), true);
    }

    /**
     * One line naming everything that decides the pixels besides the state and the GL renderer: size, flags,
     * multisampling, what is hidden, when the sample is taken and the row order; what run fingerprints record.
     */
    public String describe() {
      return "libero cameras " + AGENTVIEW + "+" + EYE_IN_HAND + " " + size + "x" + size + ", shadows " + onOff(flags.shadows())
          + ", reflections " + onOff(flags.reflections()) + ", skybox " + onOff(flags.skybox()) + ", multisampling "
          + (multisampling ? "the model's offsamples (LIBERO: 4)" : "off") + ", geom group 0 hidden, robot sites hidden, sampled at substep "
          + SAMPLING_SUBSTEP + " of " + LiberoEnv.SUBSTEPS + ", rows bottom-up";
    }

    private static String onOff(boolean b) {
      return b ? "on" : "off";
    }
  }

  /**
   * The substep (1-based, of {@link LiberoEnv#SUBSTEPS}) at which robosuite's observables, and so the
   * cameras, sample during an env step ({@link LiberoEnv}'s observable timer).
   */
  public static final int SAMPLING_SUBSTEP = 24;

  /**
   * One sample of both cameras.
   *
   * @param size image side in pixels
   * @param agentview {@code [size, size, 3]} RGB, bottom-up
   * @param eyeInHand {@code [size, size, 3]} RGB, bottom-up
   */
  public record Frames(int size, byte[] agentview, byte[] eyeInHand) {
    /** Mean of every uint8 value of an image (numpy's {@code img.mean()}: exact sum, one division). */
    public static double mean(byte[] image) {
      long sum = 0;
      for (byte b : image) sum += b & 0xff;
      return sum / (double) image.length;
    }
  }

  private final OffscreenRenderer renderer;
  private final int agentview;
  private final int eyeInHand;
  private final int size;

  /**
   * A renderer for the model's two LIBERO cameras; hides the robot's and gripper's sites in the model
   * (their {@code site_rgba} alpha negated, as robosuite does; physics is unaffected).
   *
   * @throws IllegalArgumentException if the model lacks either camera or the size exceeds its offscreen buffer
   * @throws org.vla4j.mujoco.MujocoException if no OpenGL context can be made
   */
  public LiberoCameras(MjModel model, Settings settings) {
    this(model, settings, null);
  }

  /**
   * As {@link #LiberoCameras(MjModel, Settings)}, drawing on an existing GL context (one per thread, shared
   * by the renderers of several scenes; closing the cameras leaves it open), or on a context of its own
   * when {@code gl} is null.
   */
  public LiberoCameras(MjModel model, Settings settings, EglContext gl) {
    this.agentview = model.id(MjObj.CAMERA, AGENTVIEW);
    this.eyeInHand = model.id(MjObj.CAMERA, EYE_IN_HAND);
    this.size = settings.size();
    hideRobotSites(model);
    // the GL context reads offsamples once, when it is made: restore the model's value for later renderers
    int samples = model.offSamples();
    if (!settings.multisampling()) model.setOffSamples(0);
    try {
      this.renderer = gl == null ? new OffscreenRenderer(model, size, size, settings.flags(), settings.multisampling())
          : new OffscreenRenderer(model, gl, size, size, settings.flags(), settings.multisampling());
    } finally {
      model.setOffSamples(samples);
    }
    renderer.setGeomGroupVisible(0, false);
    renderer.setGeomGroupVisible(1, true);
  }

  private static void hideRobotSites(MjModel model) {
    double[] rgba = model.values(MjModelArray.SITE_RGBA);
    for (int s = 0; s < model.nsite(); s++) {
      String name = model.name(MjObj.SITE, s);
      boolean robotOrGripper = name.startsWith("robot0_") || name.startsWith("gripper0_");
      if (robotOrGripper && rgba[4 * s + 3] > 0) {
        model.setSiteRgba(s, new double[] {rgba[4 * s], rgba[4 * s + 1], rgba[4 * s + 2], -rgba[4 * s + 3]});
      }
    }
  }

  /** Image side in pixels. */
  public int size() {
    return size;
  }

  /** Renders both cameras of {@code data}'s current state (its kinematics as last computed). */
  public Frames render(MjData data) {
    byte[] a = new byte[size * size * 3];
    byte[] e = new byte[size * size * 3];
    renderer.render(data, agentview, a);
    renderer.render(data, eyeInHand, e);
    return new Frames(size, a, e);
  }

  @Override
  public void close() {
    renderer.close();
  }
}
