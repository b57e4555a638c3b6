package org.vla4j.policy;

import java.util.List;

/**
 * What the environment provides, for a policy's load-time check against its config.json: a model
 * trained on other images, another controller or another renderer version refuses to load rather
 * than fail silently.
 *
 * @param imageSize camera image side, pixels
 * @param cameras camera names the env renders every step
 * @param controller controller name, e.g. {@code OSC_POSE}
 * @param controlHz control frequency, Hz
 * @param mujocoVersion simulator version, e.g. {@code 3.14.0}
 */
public record EnvSpec(int imageSize, List<String> cameras, String controller, int controlHz, String mujocoVersion) {
  public EnvSpec {
    cameras = List.copyOf(cameras);
  }
}
