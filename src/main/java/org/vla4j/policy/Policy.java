package org.vla4j.policy;

/**
 * A vision-language-action policy: one observation and an instruction in, one 7-D action in env
 * units out ({@code [dx, dy, dz, rx, ry, rz, gripper]}, OSC_POSE normalized deltas, gripper −1
 * open / +1 close). Not thread-safe: one instance per rollout worker.
 */
public interface Policy extends AutoCloseable {
  /** Short name for logs and step tags, e.g. {@code tiny-vla}. */
  String name();

  /** The named processing steps around the network, in order, for logs and reports. */
  java.util.List<String> pipeline();

  /**
   * The next action.
   *
   * @throws IllegalArgumentException if an input does not match what the model was built for
   */
  PolicyOutput act(PolicyInput input);

  @Override
  void close();
}
