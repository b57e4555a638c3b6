package org.vla4j.sim.env;

import org.vla4j.mujoco.SceneFlags;

/**
 * Scene-wide rendering settings that decide both the look of the pictures and their cost on a CPU
 * renderer. Measured on a 2-core machine with Mesa llvmpipe at 128×128: shadows dominate (see
 * docs/BENCHMARKS.md). A model's metadata records the settings it was trained on.
 *
 * @param shadows shadow mapping from lights that cast shadows
 * @param reflections reflective materials
 * @param skybox the skybox texture
 */
public record RenderSettings(boolean shadows, boolean reflections, boolean skybox) {
  /** vla4j's default for suites: no shadows, no reflections, no skybox (fast and deterministic on CPU). */
  public static final RenderSettings FAST = new RenderSettings(false, false, false);

  /** MuJoCo's own defaults: everything on. */
  public static final RenderSettings MUJOCO_DEFAULT = new RenderSettings(true, true, true);

  /** The same flags as MuJoCo's renderer takes them. */
  public SceneFlags sceneFlags() {
    return new SceneFlags(shadows, reflections, skybox);
  }
}
