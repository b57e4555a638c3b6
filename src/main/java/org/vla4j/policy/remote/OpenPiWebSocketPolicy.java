package org.vla4j.policy.remote;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vla4j.policy.ActionChunk;
import org.vla4j.policy.ChunkPolicy;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.policy.steps.image.ImageStep;
import org.vla4j.policy.remote.wire.Msgpack;
import org.vla4j.policy.remote.wire.NdArray;
import org.vla4j.policy.remote.wire.WireException;

/**
 * A client of an openpi websocket policy server ({@code openpi serve_policy.py}, or {@code vla4j
 * serve --protocol openpi-ws}), following openpi's {@code websocket_client_policy.py} and its LIBERO
 * example: connect to {@code ws://HOST:PORT}, read the metadata frame, then per step send {@code
 * {"observation/image": [S, S, 3] uint8, "observation/wrist_image": …, "observation/state": float64
 * (8,), "prompt": str}} (openpi msgpack-numpy) and read {@code {"actions": [H, 7]}}. Images are
 * rotated 180° and resized with padding to S × S (openpi {@code resize_with_pad}, PIL bilinear; S =
 * 224 for openpi's LIBERO configs).
 *
 * <p>Errors: a text frame from the server (openpi's error reply) is a {@link RemotePolicyException}
 * carrying its text; so are a reply later than the read timeout, a close mid-reply and a frame that
 * is not an action map. The connection is opened lazily and, after it broke, reopened on the next
 * call (connection attempts bounded by {@link ClientOptions}). Not thread-safe.
 */
public final class OpenPiWebSocketPolicy implements ChunkPolicy, RemotePolicy {
  /** Actions of each chunk executed open loop before the next call, as openpi's LIBERO example ({@code replan_steps = 5}). */
  public static final int DEFAULT_REPLAN_STEPS = 5;

  private final URI uri;
  private final RemoteImages images;
  private final ClientOptions options;
  private final int replanSteps;
  private final String tag;
  private WsConnection conn;
  private Map<Object, Object> metadata = Map.of();

  /**
   * A client that rotates, executes {@value #DEFAULT_REPLAN_STEPS} actions per chunk and is tagged
   * by the server's advertised policy name.
   *
   * @param imageSize S, the side of the padded square images sent (openpi LIBERO: 224); 0 sends
   *     the rotated images at their own size
   */
  public OpenPiWebSocketPolicy(URI uri, int imageSize, ClientOptions options) {
    this(uri, imageSize, true, DEFAULT_REPLAN_STEPS, null, options);
  }

  /**
   * @param rotate180 rotate the env's images 180° before sending (openpi's LIBERO client does;
   *     false is the {@code no_flip} fault applied on the client side)
   * @param replanSteps actions of each chunk the rollout executes open loop before the next call,
   *     ≥ 1 (fewer when the chunk is shorter)
   * @param tag the step tag ({@link RemotePolicy}), or null for the server's advertised name
   * @throws IllegalArgumentException if replanSteps &lt; 1
   */
  public OpenPiWebSocketPolicy(URI uri, int imageSize, boolean rotate180, int replanSteps, String tag, ClientOptions options) {
    if (replanSteps < 1) throw new IllegalArgumentException("option replan_steps=" + replanSteps + " must be >= 1 (actions executed per chunk)");
    this.uri = uri;
    List<ImageStep> steps = new ArrayList<>();
    if (rotate180) steps.add(new ImageStep.Rotate180());
    if (imageSize > 0) steps.add(new ImageStep.ResizeWithPad(imageSize, imageSize));
    this.images = new RemoteImages(steps);
    this.options = options;
    this.replanSteps = replanSteps;
    this.tag = tag;
  }

  /** The step tag: see {@link RemotePolicy}. */
  @Override
  public String name() {
    if (tag != null) return tag;
    return metadata.get("policy") instanceof String s && !s.isBlank() ? s : protocol();
  }

  @Override
  public String protocol() {
    return "openpi-ws";
  }

  @Override
  public String address() {
    return uri.toString();
  }

  @Override
  public Map<String, Object> describe() {
    return RemotePolicies.description(protocol(), address(), metadata);
  }

  @Override
  public int replanSteps() {
    return replanSteps;
  }

  @Override
  public List<String> pipeline() {
    List<String> p = new ArrayList<>(images.names());
    p.add("remote:openpi-ws " + uri + " replan_steps=" + replanSteps);
    return p;
  }

  /** The server's metadata map (empty before the first connection). */
  public Map<Object, Object> metadata() {
    return metadata;
  }

  /** Opens the connection now (otherwise the first call does) and reads the metadata. */
  @Override
  @SuppressWarnings("unchecked")
  public void connect() {
    if (conn != null && conn.isOpen()) return;
    if (conn != null) conn.close();
    conn = WsConnection.connect(uri, options);
    WsConnection.Frame f = conn.receive(options.readTimeout());
    switch (f) {
      case WsConnection.Frame.Binary b -> {
        Object m;
        try {
          m = Msgpack.unpack(b.data());
        } catch (WireException e) {
          throw broken("its metadata frame is not msgpack: " + e.getMessage());
        }
        if (!(m instanceof Map<?, ?> map)) throw broken("its metadata frame is not a map");
        metadata = (Map<Object, Object>) map;
      }
      default -> throw broken(describe(f) + " instead of the metadata frame");
    }
  }

  private RemotePolicyException broken(String what) {
    if (conn != null) conn.close();
    conn = null;
    return new RemotePolicyException("openpi server " + uri + " sent " + what);
  }

  static String describe(WsConnection.Frame f) {
    return switch (f) {
      case WsConnection.Frame.Binary b -> "a binary frame of " + b.data().length + " bytes";
      case WsConnection.Frame.Text t -> "a text frame '" + t.text() + "'";
      case WsConnection.Frame.Closed c -> "a close (" + c.code() + (c.reason() == null || c.reason().isEmpty() ? "" : " " + c.reason()) + ")";
      case WsConnection.Frame.Failed x -> "a broken connection (" + WsConnection.describe(x.cause()) + ")";
    };
  }

  @Override
  public ActionChunk actChunk(PolicyInput in) {
    connect();
    Map<Object, Object> obs = new LinkedHashMap<>();
    obs.put("observation/image", NdArray.ofImage(images.apply(in.agentview())));
    if (in.wrist() != null) obs.put("observation/wrist_image", NdArray.ofImage(images.apply(in.wrist())));
    if (in.state() != null) obs.put("observation/state", NdArray.ofFloat64(in.state()));
    obs.put("prompt", in.instruction());
    conn.sendBinary(Msgpack.pack(obs, Msgpack.Flavor.OPENPI), options.readTimeout());
    WsConnection.Frame f;
    try {
      f = conn.receive(options.readTimeout());
    } catch (RemotePolicyException e) {
      conn.close(); // a late reply must not be taken for the next request's
      conn = null;
      throw e;
    }
    return switch (f) {
      case WsConnection.Frame.Binary b -> chunk(b.data());
      case WsConnection.Frame.Text t -> {
        conn.close();
        conn = null;
        throw new RemotePolicyException("openpi server " + uri + " reported an error: " + t.text());
      }
      default -> throw broken(describe(f) + " instead of a reply");
    };
  }

  private ActionChunk chunk(byte[] frame) {
    Object v;
    try {
      v = Msgpack.unpack(frame);
    } catch (WireException e) {
      throw broken("a reply that is not msgpack: " + e.getMessage());
    }
    if (!(v instanceof Map<?, ?> m) || !(m.get("actions") instanceof NdArray a)) {
      throw broken("a reply without an 'actions' ndarray");
    }
    int[] s = a.shape();
    boolean ok = s.length == 2 && s[1] == 7 && s[0] >= 1 || s.length == 1 && s[0] == 7;
    if (!ok || a.dtype().kind() == 'b') throw broken("'actions' " + a + " instead of [H, 7] numbers");
    double[] flat = a.toDoubles();
    double[][] rows = new double[flat.length / 7][7];
    for (int t = 0; t < rows.length; t++) {
      System.arraycopy(flat, t * 7, rows[t], 0, 7);
      for (double x : rows[t]) if (!Double.isFinite(x)) throw broken("a non-finite action");
    }
    return new ActionChunk(rows);
  }

  /** The chunk's first action; see {@link ChunkPolicy}. */
  @Override
  public PolicyOutput act(PolicyInput in) {
    return new PolicyOutput(actChunk(in).get(0), new int[0], 0);
  }

  @Override
  public void close() {
    if (conn != null) conn.close();
    conn = null;
  }
}
