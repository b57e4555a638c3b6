package org.vla4j.serve;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.policy.steps.image.RgbImage;
import org.vla4j.policy.remote.wire.NdArray;
import org.vla4j.policy.remote.wire.VlaEvalMessage;
import org.vla4j.policy.remote.wire.VlaEvalMessage.Type;
import org.vla4j.policy.remote.wire.WireException;

/**
 * The vla-eval model-server protocol (allenai/vla-evaluation-harness {@code
 * model_servers/serve.py}, {@code connection.py}), one connection. Every frame is a {@link
 * VlaEvalMessage}:
 *
 * <ul>
 *   <li>{@code hello} → the server answers {@code hello} (same seq) with its info: {@code
 *       harness_version}, {@code model_server}, {@code capabilities}, and vla4j's {@code policy},
 *       {@code pipeline}, {@code action_horizon} (older clients send no hello; both work);
 *   <li>{@code episode_start} and {@code episode_end} → no reply;
 *   <li>{@code observation} → {@code action} with the observation's seq and payload {@code
 *       {"actions": float64 (7,)}}. LIBERO payload: {@code "images": {"agentview": [H, W, 3] uint8,
 *       "wrist": …}} (raw ndarray or {@code __image__} raw/png/jpeg), {@code "task_description"},
 *       {@code "states"} (8-D, optional);
 *   <li>anything malformed → {@code error} with payload {@code {"error": "<what was wrong>"}} and
 *       the offending message's seq (0 when it could not be read); the connection stays open, as
 *       in the harness's server.
 * </ul>
 *
 * <p>A message larger than the limit is closed with 1009 from its frame header. One policy
 * instance is leased from the pool for the connection's lifetime.
 */
public final class VlaEvalEndpoint implements Session.Listener.AutoDemanding {
  /** Image keys accepted for the agentview and wrist cameras, in order of preference. */
  static final List<String> AGENTVIEW_KEYS = List.of("agentview", "agentview_image", "image");
  static final List<String> WRIST_KEYS = List.of("wrist", "robot0_eye_in_hand", "wrist_image");

  private final PolicyPool pool;
  private final ServerConfig config;
  private Session session;
  private final ConnectionLease lease = new ConnectionLease();
  private String episodeTask;

  VlaEvalEndpoint(PolicyPool pool, ServerConfig config) {
    this.pool = pool;
    this.config = config;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
    try {
      lease.set(pool.borrow(pool.source().resolveKey(config.unnormKey()), config.borrowWait()));
    } catch (RuntimeException e) {
      send(VlaEvalMessage.now(Type.ERROR, Map.of("error", Inference.message(e)), 0));
      session.close(StatusCode.TRY_AGAIN_LATER, "server busy", Callback.NOOP);
    }
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    long[] seq = {0};
    try {
      lease.use(l -> {
        byte[] frame = new byte[payload.remaining()];
        payload.get(frame);
        VlaEvalMessage m = VlaEvalMessage.decode(frame);
        seq[0] = m.seq();
        switch (m.type()) {
          case HELLO -> send(VlaEvalMessage.now(Type.HELLO, hello(l), m.seq()));
          case EPISODE_START -> episodeTask = m.payload().get("task_description") instanceof String s ? s : null;
          case EPISODE_END -> episodeTask = null;
          case OBSERVATION -> send(VlaEvalMessage.now(Type.ACTION, act(l, m.payload()), m.seq()));
          case ERROR -> { } // the client reports its own error; nothing to answer
          case ACTION -> throw new WireException("a client does not send 'action' messages; send 'observation'");
        }
        return Boolean.TRUE;
      });
    } catch (Inference.PolicyFailure e) {
      send(VlaEvalMessage.now(Type.ERROR, Map.of("error", "observation_failed: " + e.getMessage()), seq[0]));
    } catch (RuntimeException e) {
      send(VlaEvalMessage.now(Type.ERROR, Map.of("error", Inference.message(e)), seq[0]));
    } finally {
      callback.succeed();
    }
  }

  private Map<Object, Object> hello(PolicyPool.Lease lease) {
    Map<Object, Object> h = new LinkedHashMap<>();
    h.put("harness_version", "vla4j");
    h.put("model_server", "vla4j:" + lease.policy().name());
    h.put("capabilities", Map.of());
    h.put("policy", lease.policy().name());
    h.put("pipeline", OpenPiEndpoint.concat(config.adapter().steps(), lease.policy().pipeline()));
    h.put("unnorm_key", lease.key());
    h.put("action_horizon", 1);
    return h;
  }

  private Map<Object, Object> act(PolicyPool.Lease lease, Map<Object, Object> payload) {
    if (!(payload.get("images") instanceof Map<?, ?> images)) {
      throw new WireException("observation payload needs 'images', a map of camera name → [H, W, 3] uint8 image; got keys "
          + payload.keySet());
    }
    RgbImage agentview = pick(images, AGENTVIEW_KEYS, true);
    RgbImage wrist = pick(images, WRIST_KEYS, false);
    String task = Inference.text(payload, "task_description", false);
    if (task == null) task = episodeTask;
    if (task == null) throw new WireException("observation payload needs 'task_description' (a string); got keys " + payload.keySet());
    double[] state = Inference.state(payload, "states");
    PolicyOutput out = Inference.act(lease.policy(), config.adapter(), agentview, wrist, state, task);
    Map<Object, Object> r = new LinkedHashMap<>();
    r.put("actions", NdArray.ofFloat64(out.action()));
    return r;
  }

  private static RgbImage pick(Map<?, ?> images, List<String> keys, boolean required) {
    for (String k : keys) if (images.containsKey(k)) return Inference.image(images, k, true);
    if (required) throw new WireException("'images' needs one of " + keys + "; got " + images.keySet());
    return null;
  }

  private void send(VlaEvalMessage m) {
    Session s = session;
    if (s != null && s.isOpen()) s.sendBinary(ByteBuffer.wrap(m.encode()), Callback.NOOP);
  }

  @Override
  public void onWebSocketText(String message) {
    send(VlaEvalMessage.now(Type.ERROR, Map.of("error", "vla-eval messages are binary msgpack frames; got a text frame"), 0));
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
