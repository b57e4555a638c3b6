package org.vla4j.sim;

import java.util.Locale;
import org.vla4j.mujoco.EglContext;
import org.vla4j.mujoco.MjData;
import org.vla4j.mujoco.MjModel;
import org.vla4j.mujoco.MjObj;
import org.vla4j.mujoco.MujocoLibrary;
import org.vla4j.mujoco.OffscreenRenderer;
import org.vla4j.sim.env.RenderSettings;
import org.vla4j.sim.robot.PandaController;
import org.vla4j.sim.suite.PandaScene;

/**
 * What the rest of vla4j may know about the simulator underneath, without touching MuJoCo's native
 * layer: the MuJoCo version run configs and model configs record, the {@code sim info} report, and
 * a picture of the bare scene for {@code sim render}. The one place outside {@code sim}'s
 * subpackages that the MuJoCo version string comes from.
 */
public final class SimInfo {
  private SimInfo() {}

  /** The MuJoCo version vla4j is pinned to and checks at load, e.g. {@code 3.14.0}. */
  public static String mujocoVersion() {
    return MujocoLibrary.VERSION;
  }

  /**
   * Whether {@code t} says the simulator could not run here (MuJoCo's library or OpenGL missing or
   * failing) rather than a bug: the CLI reports such a failure in one line.
   */
  public static boolean isSimulatorFailure(Throwable t) {
    return t instanceof org.vla4j.mujoco.MujocoException;
  }

  /** The sha256 of the MuJoCo library vla4j loads (checked at load against this pinned value). */
  public static String mujocoLibrarySha256() {
    return MujocoLibrary.SHA256;
  }

  /**
   * The OpenGL context's "vendor | renderer | version" on this machine, as the env's renders report
   * it (creates and closes a headless EGL context, ~0.1 s).
   *
   * @throws org.vla4j.mujoco.MujocoException if no EGL context can be made
   */
  public static String renderer() {
    try (EglContext gl = EglContext.create()) {
      return gl.glVendor() + " | " + gl.glRenderer() + " | " + gl.glVersion();
    }
  }

  /**
   * The {@code sim info} report: MuJoCo library (version, path, checksum), EGL and OpenGL strings,
   * render buffer, the scene's sizes and the control timing; one fact per line. Loads MuJoCo and
   * creates a GL context.
   *
   * @throws org.vla4j.mujoco.MujocoException if MuJoCo or OpenGL cannot be started
   */
  public static String describe() {
    MujocoLibrary lib = MujocoLibrary.get();
    StringBuilder sb = new StringBuilder();
    RenderSettings fast = RenderSettings.FAST;
    try (MjModel m = PandaScene.load();
        OffscreenRenderer r = new OffscreenRenderer(m, PandaScene.DEFAULT_IMAGE_SIZE, PandaScene.DEFAULT_IMAGE_SIZE, fast.sceneFlags())) {
      sb.append(String.format(Locale.ROOT, "MuJoCo        %s (%s, sha256 %s)%n", lib.versionString(), lib.path(),
          MujocoLibrary.SHA256.substring(0, 16) + "…"));
      sb.append(String.format(Locale.ROOT, "EGL           %s (device %d)%n", r.glContext().eglVendor(), r.glContext().device()));
      sb.append(String.format(Locale.ROOT, "OpenGL        %s | %s | %s%n", r.glContext().glVendor(), r.glContext().glRenderer(),
          r.glContext().glVersion()));
      sb.append(String.format(Locale.ROOT, "render        %dx%d, offscreen buffer %dx%d, multisamples %d, settings %s%n", r.width(),
          r.height(), m.offWidth(), m.offHeight(), m.offSamples(), fast));
      sb.append(String.format(Locale.ROOT, "scene         %s: nq %d, nv %d, nu %d, bodies %d, geoms %d, sites %d, cameras %s%n",
          PandaScene.RESOURCE, m.nq(), m.nv(), m.nu(), m.nbody(), m.ngeom(), m.nsite(), m.names(MjObj.CAMERA)));
      sb.append(String.format(Locale.ROOT, "control       %d Hz, timestep %.3f s, %d substeps per action (OSC_POSE)%n",
          PandaController.CONTROL_HZ, m.timestep(), PandaController.SUBSTEPS));
    }
    return sb.toString();
  }

  /**
   * One camera's picture of the bare scene (the robot at its {@code home} keyframe, no task objects).
   *
   * @param camera {@code agentview} or {@code robot0_eye_in_hand}
   * @param size H = W, pixels, 1..256
   * @return {@code [size, size, 3]} uint8 RGB, rows bottom-up as OpenGL gives them
   * @throws IllegalArgumentException for an unknown camera (the message lists the scene's cameras)
   */
  public static byte[] renderHome(String camera, int size, RenderSettings settings) {
    try (MjModel m = PandaScene.load(); MjData d = new MjData(m);
        OffscreenRenderer r = new OffscreenRenderer(m, size, size, settings.sceneFlags())) {
      int cam = m.id(MjObj.CAMERA, camera);
      d.resetToKeyframe("home");
      d.forward();
      byte[] rgb = new byte[size * size * 3];
      r.render(d, cam, rgb);
      return rgb;
    }
  }
}
