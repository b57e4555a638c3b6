package org.vla4j.policy.remote;

import java.time.Duration;

/**
 * Timeouts and retries of a remote policy client. Only establishing a connection is retried (the
 * server may still be loading its model); a request that was sent is never repeated behind the
 * caller's back, so a stalled server costs at most {@code readTimeout} per call.
 *
 * @param connectTimeout limit for one TCP + HTTP/websocket handshake attempt
 * @param readTimeout limit for one reply after the request is sent
 * @param maxAttempts connection attempts before giving up, ≥ 1
 * @param backoff wait after the first failed attempt; doubles after each further one
 * @param maxReplyBytes largest reply accepted (a larger one is a protocol error)
 */
public record ClientOptions(Duration connectTimeout, Duration readTimeout, int maxAttempts, Duration backoff, long maxReplyBytes) {
  /** 5 s connect, 30 s read, 4 attempts with 0.5 s, 1 s, 2 s between them, 64 MiB replies. */
  public static final ClientOptions DEFAULT =
      new ClientOptions(Duration.ofSeconds(5), Duration.ofSeconds(30), 4, Duration.ofMillis(500), 64L << 20);

  /** @throws IllegalArgumentException for non-positive timeouts or attempts (named) */
  public ClientOptions {
    if (connectTimeout.isNegative() || connectTimeout.isZero()) throw new IllegalArgumentException("connect timeout must be > 0, got " + connectTimeout);
    if (readTimeout.isNegative() || readTimeout.isZero()) throw new IllegalArgumentException("read timeout must be > 0, got " + readTimeout);
    if (maxAttempts < 1) throw new IllegalArgumentException("connection attempts must be ≥ 1, got " + maxAttempts);
    if (backoff.isNegative()) throw new IllegalArgumentException("backoff must be ≥ 0, got " + backoff);
    if (maxReplyBytes < 1024) throw new IllegalArgumentException("max reply size must be ≥ 1024 bytes, got " + maxReplyBytes);
  }

  /** The same with other timeouts. */
  public ClientOptions withTimeouts(Duration connect, Duration read) {
    return new ClientOptions(connect, read, maxAttempts, backoff, maxReplyBytes);
  }

  /** The same with other retry settings. */
  public ClientOptions withRetries(int attempts, Duration firstBackoff) {
    return new ClientOptions(connectTimeout, readTimeout, attempts, firstBackoff, maxReplyBytes);
  }

  /** The wait before attempt {@code attempt} (2-based): backoff · 2^(attempt − 2). */
  Duration backoffBefore(int attempt) {
    return backoff.multipliedBy(1L << Math.min(20, attempt - 2));
  }
}
