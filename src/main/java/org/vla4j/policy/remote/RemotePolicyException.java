package org.vla4j.policy.remote;

/**
 * A remote policy could not give an action: the server is unreachable (after the bounded retries),
 * did not answer within the read timeout, closed the connection mid-reply, answered something that
 * is not the protocol, or reported a failure of its own. The message says which, with the address;
 * a request the server refused as bad input is an {@link IllegalArgumentException} instead.
 */
public final class RemotePolicyException extends RuntimeException {
  /** @param message what failed, naming the server address */
  public RemotePolicyException(String message) {
    super(message);
  }

  /** @param message what failed; {@code cause} kept for logs */
  public RemotePolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}
