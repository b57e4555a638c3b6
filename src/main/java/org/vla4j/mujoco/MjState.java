package org.vla4j.mujoco;

/**
 * State signatures for {@code mj_getState}/{@code mj_setState} ({@code mjtState}).
 *
 * <p>{@link #FULL_PHYSICS} (time, qpos, qvel, act, history, plugin state) is what an init state
 * stores: restoring it reproduces the physics exactly. {@link #INTEGRATION} adds controls, applied
 * forces, mocap poses and the solver warm start, for bit-exact replays mid-episode.
 */
public enum MjState {
  FULL_PHYSICS(MjField.MJSTATE_FULLPHYSICS),
  INTEGRATION(MjField.MJSTATE_INTEGRATION);

  final int bits;

  MjState(MjField constant) {
    this.bits = constant.intValue();
  }
}
