package org.vla4j.serve;

import java.time.Duration;

/**
 * A server's settings.
 *
 * @param host address to bind; {@code 127.0.0.1} (loopback) unless the user asks for more
 * @param port TCP port, 0 for any free port (tests)
 * @param maxMessageBytes largest request body (REST) or websocket message accepted; larger ones are
 *     refused from their length header, without reading them whole
 * @param poolSize policy instances in use at once (see {@link PolicyPool})
 * @param borrowWait how long a request or a new connection waits for a free instance
 * @param idleTimeout websocket connections with no traffic for this long are closed
 * @param adapter how received images become env-convention images
 * @param unnormKey the default unnorm_key (null: the policy's own)
 */
public record ServerConfig(String host, int port, long maxMessageBytes, int poolSize, Duration borrowWait,
    Duration idleTimeout, ObservationAdapter adapter, String unnormKey) {
  /** 16 MiB: two 512×512 RGB images in base64 JSON fit; a runaway client does not. */
  public static final long DEFAULT_MAX_MESSAGE_BYTES = 16L << 20;

  /** @throws IllegalArgumentException for a bad port, size or duration (named) */
  public ServerConfig {
    if (host == null || host.isBlank()) throw new IllegalArgumentException("host must be given, e.g. 127.0.0.1");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535, got " + port);
    if (maxMessageBytes < 1024) throw new IllegalArgumentException("max message size must be ≥ 1024 bytes, got " + maxMessageBytes);
    if (poolSize < 1) throw new IllegalArgumentException("pool size must be ≥ 1, got " + poolSize);
    if (borrowWait.isNegative()) throw new IllegalArgumentException("borrow wait must be ≥ 0, got " + borrowWait);
    if (idleTimeout.isNegative() || idleTimeout.isZero()) throw new IllegalArgumentException("idle timeout must be > 0, got " + idleTimeout);
    if (adapter == null) adapter = ObservationAdapter.NONE;
  }

  /** Loopback on {@code port}, defaults elsewhere (pool of 8, 10 s wait, 10 min idle). */
  public static ServerConfig loopback(int port, ObservationAdapter adapter) {
    return new ServerConfig("127.0.0.1", port, DEFAULT_MAX_MESSAGE_BYTES, 8, Duration.ofSeconds(10), Duration.ofMinutes(10),
        adapter, null);
  }

  /** The same with another maximum message size. */
  public ServerConfig withMaxMessageBytes(long n) {
    return new ServerConfig(host, port, n, poolSize, borrowWait, idleTimeout, adapter, unnormKey);
  }

  /** The same with another pool size and wait. */
  public ServerConfig withPool(int size, Duration wait) {
    return new ServerConfig(host, port, maxMessageBytes, size, wait, idleTimeout, adapter, unnormKey);
  }
}
