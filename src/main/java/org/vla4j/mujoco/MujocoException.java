package org.vla4j.mujoco;

/**
 * A failure of the native simulator layer: MuJoCo's library missing or of the wrong build, an EGL
 * context that cannot be made, or an MJCF model that does not compile (the message then carries
 * MuJoCo's compiler error text).
 */
public final class MujocoException extends RuntimeException {
  public MujocoException(String message) {
    super(message);
  }

  public MujocoException(String message, Throwable cause) {
    super(message, cause);
  }
}
