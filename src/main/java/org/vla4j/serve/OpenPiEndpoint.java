package org.vla4j.serve;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.policy.remote.wire.Msgpack;
import org.vla4j.policy.remote.wire.NdArray;
import org.vla4j.policy.remote.wire.WireException;

/**
 * openpi's websocket policy protocol (openpi {@code serving/websocket_policy_server.py}, client
 * {@code openpi_client/websocket_client_policy.py}), one connection:
 *
 * <ol>
 *   <li>on connect the server sends one binary msgpack frame, its metadata map;
 *   <li>each request is one binary frame, an observation map (openpi msgpack-numpy, bytes keys in
 *       ndarrays). LIBERO keys: {@code "observation/image"} [224, 224, 3] uint8 (required), {@code
 *       "observation/wrist_image"} (needed by policies that take the wrist camera), {@code
 *       "observation/state"} (8-D, optional), {@code "prompt"} (required);
 *   <li>each reply is one binary frame {@code {"actions": float64 [H, 7], "server_timing":
 *       {"infer_ms": t, "prev_total_ms": t}}}. vla4j's policies give one action per call, so H = 1.
 * </ol>
 *
 * <p>Errors follow openpi: a text frame with the message (openpi sends the traceback; vla4j sends
 * what was wrong, no stack), then close with status 1011. The server keeps serving other and new
 * connections. A message larger than the limit is closed with 1009 from its frame header.
 *
 * <p>One policy instance is leased from the pool for the connection's lifetime.
 */
public final class OpenPiEndpoint implements Session.Listener.AutoDemanding {
  private final PolicyPool pool;
  private final ServerConfig config;
  private Session session;
  private final ConnectionLease lease = new ConnectionLease();
  private long prevTotalNanos = -1;

  OpenPiEndpoint(PolicyPool pool, ServerConfig config) {
    this.pool = pool;
    this.config = config;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
    try {
      lease.set(pool.borrow(pool.source().resolveKey(config.unnormKey()), config.borrowWait()));
    } catch (RuntimeException e) {
      fail(StatusCode.TRY_AGAIN_LATER, Inference.message(e));
      return;
    }
    PolicyPool.Lease l = lease.peek();
    if (l == null) return; // closed while waiting for an instance
    Map<Object, Object> meta = new LinkedHashMap<>();
    meta.put("server", "vla4j");
    meta.put("protocol", Protocol.OPENPI_WS.id());
    meta.put("policy", l.policy().name());
    meta.put("pipeline", List.copyOf(concat(config.adapter().steps(), l.policy().pipeline())));
    meta.put("unnorm_key", l.key());
    meta.put("action_horizon", 1);
    meta.put("action_dim", 7);
    session.sendBinary(ByteBuffer.wrap(Msgpack.pack(meta, Msgpack.Flavor.OPENPI)), Callback.NOOP);
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> l = new java.util.ArrayList<>(a);
    l.addAll(b);
    return l;
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    long start = System.nanoTime();
    try {
      lease.use(l -> {
        infer(l, payload, start);
        return Boolean.TRUE;
      });
    } catch (Inference.PolicyFailure e) {
      fail(StatusCode.SERVER_ERROR, e.getMessage());
    } catch (RuntimeException e) {
      fail(StatusCode.SERVER_ERROR, Inference.message(e));
    } finally {
      callback.succeed();
    }
  }

  private void infer(PolicyPool.Lease l, ByteBuffer payload, long start) {
    byte[] frame = new byte[payload.remaining()];
    payload.get(frame);
    Object v = Msgpack.unpack(frame);
    if (!(v instanceof Map<?, ?> obs)) throw new WireException("an observation must be a msgpack map, got " + Inference.kind(v));
    var image = Inference.image(obs, "observation/image", true);
    var wrist = Inference.image(obs, "observation/wrist_image", false);
    double[] state = Inference.state(obs, "observation/state");
    String prompt = Inference.text(obs, "prompt", true);
    long inferStart = System.nanoTime();
    PolicyOutput out = Inference.act(l.policy(), config.adapter(), image, wrist, state, prompt);
    double inferMs = (System.nanoTime() - inferStart) / 1e6;
    Map<Object, Object> timing = new LinkedHashMap<>();
    timing.put("infer_ms", inferMs);
    if (prevTotalNanos >= 0) timing.put("prev_total_ms", prevTotalNanos / 1e6);
    Map<Object, Object> reply = new LinkedHashMap<>();
    reply.put("actions", NdArray.ofFloat64(out.action(), 1, 7));
    reply.put("server_timing", timing);
    session.sendBinary(ByteBuffer.wrap(Msgpack.pack(reply, Msgpack.Flavor.OPENPI)), Callback.NOOP);
    prevTotalNanos = System.nanoTime() - start;
  }

  @Override
  public void onWebSocketText(String message) {
    fail(StatusCode.SERVER_ERROR, "openpi requests are binary msgpack frames; got a text frame");
  }

  /** openpi's error reply: the message as a text frame, then close. */
  private void fail(int code, String message) {
    Session s = session;
    if (s == null || !s.isOpen()) return;
    s.sendText(message, Callback.from(() -> s.close(code, reason(code), Callback.NOOP), x -> s.close(code, reason(code), Callback.NOOP)));
  }

  private static String reason(int code) {
    return code == StatusCode.TRY_AGAIN_LATER ? "Server busy. Message included in previous frame."
        : "Internal server error. Message included in previous frame.";
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    release();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    release();
  }

  private void release() {
    lease.release();
  }
}
