package org.vla4j.serve;

import java.net.InetSocketAddress;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A running policy server (Jetty 12.1) speaking one {@link Protocol} for any {@link PolicySource}.
 * Binds {@link ServerConfig#host()} (loopback by default). {@link #close()} stops gracefully:
 * the connector stops accepting, in-flight requests finish (up to 5 s), websocket sessions are
 * closed with 1001 (going away), then the policy instances are closed. Servers started from the
 * command line install a shutdown hook, so SIGTERM and Ctrl-C take the same path.
 *
 * <p>Concurrency: a pool of {@link ServerConfig#poolSize()} policy instances ({@link PolicyPool});
 * REST requests lease one per request, websocket connections one per connection.
 */
public final class PolicyServer implements AutoCloseable {
  /** How long {@link #close()} waits for in-flight requests. */
  public static final long STOP_TIMEOUT_MS = 5000;

  private final Server server;
  private final ServerConnector connector;
  private final PolicyPool pool;
  private final Protocol protocol;

  private PolicyServer(Server server, ServerConnector connector, PolicyPool pool, Protocol protocol) {
    this.server = server;
    this.connector = connector;
    this.pool = pool;
    this.protocol = protocol;
  }

  /**
   * Starts a server.
   *
   * @throws IllegalArgumentException if the address cannot be bound (message names host and port)
   */
  public static PolicyServer start(Protocol protocol, PolicySource source, ServerConfig config) {
    QueuedThreadPool threads = new QueuedThreadPool(Math.max(32, 4 * config.poolSize() + 16), 4);
    threads.setName("vla4j-serve");
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost(config.host());
    connector.setPort(config.port());
    server.addConnector(connector);
    PolicyPool pool = new PolicyPool(source, config.poolSize());
    Handler handler = switch (protocol) {
      case OPENVLA_REST -> new OpenVlaRestHandler(pool, config);
      case OPENPI_WS, VLA_EVAL_WS -> {
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, c -> {
          c.setMaxBinaryMessageSize(config.maxMessageBytes());
          c.setMaxTextMessageSize(Math.min(config.maxMessageBytes(), 1 << 20));
          c.setIdleTimeout(config.idleTimeout());
          c.addMapping("/*", (rq, rs, cb) -> protocol == Protocol.OPENPI_WS ? new OpenPiEndpoint(pool, config)
              : new VlaEvalEndpoint(pool, config));
        });
        ws.setHandler(new HealthHandler(protocol));
        yield ws;
      }
    };
    GracefulHandler graceful = new GracefulHandler();
    graceful.setHandler(handler);
    server.setHandler(graceful);
    server.setStopTimeout(STOP_TIMEOUT_MS);
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // already failing
      }
      pool.close();
      throw new IllegalArgumentException("cannot serve on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    return new PolicyServer(server, connector, pool, protocol);
  }

  /** The bound port (the actual one when the config asked for 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return new InetSocketAddress(connector.getHost(), port());
  }

  /** The protocol served. */
  public Protocol protocol() {
    return protocol;
  }

  /** The pool, for tests and metrics. */
  public PolicyPool pool() {
    return pool;
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Graceful stop (see class doc); idempotent. */
  @Override
  public void close() {
    try {
      if (!server.isStopped()) server.stop();
    } catch (Exception e) {
      // stopping failed part-way; the instances are closed below all the same
    } finally {
      pool.close();
    }
  }

  /** GET /healthz (openpi) and GET /health (vla-eval) on a websocket server; 426 otherwise. */
  private static final class HealthHandler extends Handler.Abstract.NonBlocking {
    private final Protocol protocol;

    HealthHandler(Protocol protocol) {
      this.protocol = protocol;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      if (path.equals("/healthz")) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, "OK\n", callback);
      } else if (path.equals("/health")) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, "{\"status\": \"ok\"}\n", callback);
      } else {
        response.setStatus(426);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, "this is a " + protocol.id() + " websocket server: connect with a websocket client;"
            + " GET /healthz for health\n", callback);
      }
      return true;
    }
  }
}
