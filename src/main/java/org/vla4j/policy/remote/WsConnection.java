package org.vla4j.policy.remote;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A blocking websocket connection on the JDK's {@code java.net.http.WebSocket}: whole messages are
 * queued as {@link Frame}s and taken with a timeout. Connecting retries with exponential backoff
 * ({@link ClientOptions}); messages are never resent. Used by the openpi and vla-eval clients (and
 * by tests, as a raw client).
 */
public final class WsConnection implements AutoCloseable {
  /** One received message, or the end of the connection. */
  public sealed interface Frame permits Frame.Binary, Frame.Text, Frame.Closed, Frame.Failed {
    /** A whole binary message. */
    record Binary(byte[] data) implements Frame {}

    /** A whole text message. */
    record Text(String text) implements Frame {}

    /** The peer closed the connection. */
    record Closed(int code, String reason) implements Frame {}

    /** The connection broke (reset, protocol error, oversized message). */
    record Failed(Throwable cause) implements Frame {}
  }

  private final URI uri;
  private final WebSocket ws;
  private final LinkedBlockingQueue<Frame> frames;
  private volatile boolean ended;

  private WsConnection(URI uri, WebSocket ws, LinkedBlockingQueue<Frame> frames) {
    this.uri = uri;
    this.ws = ws;
    this.frames = frames;
  }

  /**
   * Connects, retrying failed attempts up to {@code options.maxAttempts()} with backoff.
   *
   * @throws RemotePolicyException naming the address, the attempts and the last failure
   */
  public static WsConnection connect(URI uri, ClientOptions options) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(options.connectTimeout()).build();
    Throwable last = null;
    for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
      if (attempt > 1) sleep(options.backoffBefore(attempt));
      LinkedBlockingQueue<Frame> q = new LinkedBlockingQueue<>();
      Listener l = new Listener(q, options.maxReplyBytes());
      try {
        WebSocket ws = http.newWebSocketBuilder().connectTimeout(options.connectTimeout()).buildAsync(uri, l)
            .get(options.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        return new WsConnection(uri, ws, q);
      } catch (ExecutionException e) {
        last = e.getCause();
      } catch (TimeoutException e) {
        last = new TimeoutException("no websocket handshake within " + options.connectTimeout().toMillis() + " ms");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RemotePolicyException("interrupted while connecting to " + uri);
      }
    }
    throw new RemotePolicyException("cannot connect to " + uri + " after " + options.maxAttempts() + " attempt(s): "
        + describe(last) + " (is the server running, and does it speak websockets on this port?)", last);
  }

  static String describe(Throwable t) {
    if (t == null) return "unknown error";
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemotePolicyException("interrupted while waiting to reconnect");
    }
  }

  /** The server's address. */
  public URI uri() {
    return uri;
  }

  /** Whether the connection can still carry messages. */
  public boolean isOpen() {
    return !ended && !ws.isOutputClosed() && !ws.isInputClosed();
  }

  /**
   * Sends one binary message and waits for it to be written.
   *
   * @throws RemotePolicyException if the connection is closed or the write fails or stalls
   */
  public void sendBinary(byte[] data, Duration timeout) {
    await(ws.sendBinary(ByteBuffer.wrap(data), true), timeout, "send a message to");
  }

  /** Sends one text message (tests use it to send a wrong frame type). */
  public void sendText(String text, Duration timeout) {
    await(ws.sendText(text, true), timeout, "send a message to");
  }

  private void await(CompletableFuture<WebSocket> f, Duration timeout, String what) {
    try {
      f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      ended = true;
      throw new RemotePolicyException("cannot " + what + " " + uri + ": " + describe(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw new RemotePolicyException("cannot " + what + " " + uri + ": not written within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemotePolicyException("interrupted while talking to " + uri);
    }
  }

  /**
   * The next message, waiting at most {@code timeout}.
   *
   * @throws RemotePolicyException if nothing arrives in time (naming the timeout)
   */
  public Frame receive(Duration timeout) {
    Frame f;
    try {
      f = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemotePolicyException("interrupted while waiting for " + uri);
    }
    if (f == null) throw new RemotePolicyException("no reply from " + uri + " within the read timeout of " + timeout.toMillis() + " ms");
    if (f instanceof Frame.Closed || f instanceof Frame.Failed) ended = true;
    return f;
  }

  /** Closes politely (1000) and drops the TCP connection. */
  @Override
  public void close() {
    ended = true;
    try {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(1, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the peer may already be gone
    }
    ws.abort();
  }

  /** Collects message parts into whole messages. */
  private static final class Listener implements WebSocket.Listener {
    private final LinkedBlockingQueue<Frame> q;
    private final long max;
    private final ByteArrayOutputStream bin = new ByteArrayOutputStream();
    private final StringBuilder text = new StringBuilder();

    Listener(LinkedBlockingQueue<Frame> q, long max) {
      this.q = q;
      this.max = max;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      if (bin.size() + (long) data.remaining() > max) {
        q.add(new Frame.Failed(new RemotePolicyException("reply larger than " + max + " bytes")));
        ws.abort();
        return null;
      }
      byte[] b = new byte[data.remaining()];
      data.get(b);
      bin.writeBytes(b);
      if (last) {
        q.add(new Frame.Binary(bin.toByteArray()));
        bin.reset();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      if (text.length() + (long) data.length() > max) {
        q.add(new Frame.Failed(new RemotePolicyException("reply larger than " + max + " characters")));
        ws.abort();
        return null;
      }
      text.append(data);
      if (last) {
        q.add(new Frame.Text(text.toString()));
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      q.add(new Frame.Closed(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      q.add(new Frame.Failed(error));
    }
  }
}
