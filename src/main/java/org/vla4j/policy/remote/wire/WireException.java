package org.vla4j.policy.remote.wire;

/**
 * Malformed or disallowed data on the wire: undecodable JSON or msgpack, a dtype outside the
 * allow-list, a shape that does not match the data, a missing key. The message names the bad value
 * and, where there is a closed set, the valid choices; servers send it back to the client as the
 * protocol's error reply.
 */
public final class WireException extends IllegalArgumentException {
  /** @param message what was wrong, naming the bad value */
  public WireException(String message) {
    super(message);
  }

  /** @param message what was wrong; {@code cause} is kept for logs, never shown to a remote user */
  public WireException(String message, Throwable cause) {
    super(message, cause);
  }
}
