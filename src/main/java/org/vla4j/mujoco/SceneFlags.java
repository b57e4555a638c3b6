package org.vla4j.mujoco;

/**
 * The scene-wide rendering flags of {@code mjvScene.flags} that vla4j sets ({@code mjRND_SHADOW},
 * {@code mjRND_REFLECTION}, {@code mjRND_SKYBOX}); MuJoCo's own defaults are all on. Users choose
 * them through {@code org.vla4j.sim.env.RenderSettings}.
 *
 * @param shadows shadow mapping from lights that cast shadows
 * @param reflections reflective materials
 * @param skybox the skybox texture
 */
public record SceneFlags(boolean shadows, boolean reflections, boolean skybox) {}
