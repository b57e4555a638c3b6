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
import org.vla4j.policy.remote.wire.Images;
import org.vla4j.policy.remote.wire.NdArray;
import org.vla4j.policy.remote.wire.VlaEvalMessage;
import org.vla4j.policy.remote.wire.VlaEvalMessage.Type;
import org.vla4j.policy.remote.wire.WireException;

/**
 * A client of a vla-eval model server (allenai/vla-evaluation-harness {@code connection.py}'s
 * behaviour as the benchmark side, or {@code vla4j serve --protocol vla-eval-ws}): connect, HELLO
 * exchange, then {@code episode_start} {@code {"task_description": instruction}} whenever the
 * instruction changes, one {@code observation} per step — {@code {"images": {"agentview": …,
 * "wrist": …}, "task_description": str, "states": float64 (8,)}}, images rotated 180° and resized
 * with padding to S × S (the harness's LIBERO preprocessing; S = 256 there) and sent as {@code
 * __image__} raw or png — and {@code episode_end} on close. Messages are numbered from 1; the
 * action reply must carry the observation's seq. The reply's {@code "actions"} (or {@code
 * "action"}) is 7-D, or a chunk [H, 7] whose first row is taken.
 *
 * <p>Errors: an {@code error} message is a {@link RemotePolicyException} with its text (the
 * connection stays usable, as in the harness); so are timeouts, closes and frames that break the
 * protocol (the connection is then reopened on the next call). Not thread-safe.
 */
public final class VlaEvalWebSocketPolicy implements ChunkPolicy, RemotePolicy {
  private final URI uri;
  private final RemoteImages images;
  private final String imageFormat;
  private final ClientOptions options;
  private final String tag;
  private WsConnection conn;
  private long seq;
  private String episode;
  private Map<Object, Object> serverInfo = Map.of();

  /**
   * @param imageSize S for resize-with-pad (0: send the rotated images at their own size)
   * @param imageFormat {@code raw} (exact) or {@code png} (lossless, the harness's default) or
   *     {@code jpeg}
   * @throws IllegalArgumentException for another image format
   */
  public VlaEvalWebSocketPolicy(URI uri, int imageSize, String imageFormat, ClientOptions options) {
    this(uri, imageSize, imageFormat, true, null, options);
  }

  /**
   * @param rotate180 rotate the env's images 180° before sending (the harness's LIBERO
   *     preprocessing does; false is the {@code no_flip} fault applied on the client side)
   * @param tag the step tag ({@link RemotePolicy}), or null for the server's advertised name
   */
  public VlaEvalWebSocketPolicy(URI uri, int imageSize, String imageFormat, boolean rotate180, String tag, ClientOptions options) {
    if (!Images.FORMATS.contains(imageFormat)) {
      throw new IllegalArgumentException("unknown image format '" + imageFormat + "'; valid: " + Images.FORMATS);
    }
    this.uri = uri;
    List<ImageStep> steps = new ArrayList<>();
    if (rotate180) steps.add(new ImageStep.Rotate180());
    if (imageSize > 0) steps.add(new ImageStep.ResizeWithPad(imageSize, imageSize));
    this.images = new RemoteImages(steps);
    this.imageFormat = imageFormat;
    this.options = options;
    this.tag = tag;
  }

  /** The step tag: see {@link RemotePolicy}. */
  @Override
  public String name() {
    if (tag != null) return tag;
    return serverInfo.get("policy") instanceof String s && !s.isBlank() ? s : protocol();
  }

  @Override
  public String protocol() {
    return "vla-eval-ws";
  }

  @Override
  public String address() {
    return uri.toString();
  }

  @Override
  public Map<String, Object> describe() {
    return RemotePolicies.description(protocol(), address(), serverInfo);
  }

  @Override
  public List<String> pipeline() {
    List<String> p = new ArrayList<>(images.names());
    p.add("remote:vla-eval-ws " + uri + " images " + imageFormat);
    return p;
  }

  /** The server's HELLO payload (empty before connecting). */
  public Map<Object, Object> serverInfo() {
    return serverInfo;
  }

  /** Connects and exchanges HELLO now (otherwise the first call does). */
  @Override
  public void connect() {
    if (conn != null && conn.isOpen()) return;
    if (conn != null) conn.close();
    conn = WsConnection.connect(uri, options);
    seq = 0;
    episode = null;
    Map<Object, Object> hello = new LinkedHashMap<>();
    hello.put("harness_version", "vla4j");
    VlaEvalMessage reply = request(Type.HELLO, hello);
    if (reply.type() != Type.HELLO) throw broken("'" + reply.type().wire() + "' instead of the hello reply");
    serverInfo = reply.payload();
  }

  private VlaEvalMessage send(Type type, Map<Object, Object> payload) {
    VlaEvalMessage m = VlaEvalMessage.now(type, payload, ++seq);
    conn.sendBinary(m.encode(), options.readTimeout());
    return m;
  }

  private VlaEvalMessage request(Type type, Map<Object, Object> payload) {
    VlaEvalMessage sent = send(type, payload);
    WsConnection.Frame f;
    try {
      f = conn.receive(options.readTimeout());
    } catch (RemotePolicyException e) {
      conn.close();
      conn = null;
      throw e;
    }
    if (!(f instanceof WsConnection.Frame.Binary b)) throw broken(OpenPiWebSocketPolicy.describe(f) + " instead of a reply");
    VlaEvalMessage r;
    try {
      r = VlaEvalMessage.decode(b.data());
    } catch (WireException e) {
      throw broken("a frame that is not a vla-eval message: " + e.getMessage());
    }
    if (r.type() == Type.ERROR) {
      throw new RemotePolicyException("vla-eval server " + uri + " reported an error: " + r.payload().getOrDefault("error", r.payload()));
    }
    if (r.seq() != sent.seq()) throw broken("a reply with seq " + r.seq() + " to message " + sent.seq());
    return r;
  }

  private RemotePolicyException broken(String what) {
    if (conn != null) conn.close();
    conn = null;
    return new RemotePolicyException("vla-eval server " + uri + " sent " + what);
  }

  private Object image(org.vla4j.policy.steps.image.RgbImage im) {
    return Images.encode(images.apply(im), imageFormat);
  }

  @Override
  public ActionChunk actChunk(PolicyInput in) {
    connect();
    if (!in.instruction().equals(episode)) {
      if (episode != null) send(Type.EPISODE_END, new LinkedHashMap<>());
      Map<Object, Object> start = new LinkedHashMap<>();
      start.put("task_description", in.instruction());
      send(Type.EPISODE_START, start);
      episode = in.instruction();
    }
    Map<Object, Object> ims = new LinkedHashMap<>();
    ims.put("agentview", image(in.agentview()));
    if (in.wrist() != null) ims.put("wrist", image(in.wrist()));
    Map<Object, Object> obs = new LinkedHashMap<>();
    obs.put("images", ims);
    obs.put("task_description", in.instruction());
    if (in.state() != null) obs.put("states", NdArray.ofFloat64(in.state()));
    VlaEvalMessage r = request(Type.OBSERVATION, obs);
    if (r.type() != Type.ACTION) throw broken("'" + r.type().wire() + "' instead of an action");
    Object a = r.payload().containsKey("actions") ? r.payload().get("actions") : r.payload().get("action");
    double[] flat;
    int rows;
    if (a instanceof NdArray nd && nd.dtype().kind() != 'b'
        && (nd.shape().length == 1 && nd.shape()[0] == 7 || nd.shape().length == 2 && nd.shape()[1] == 7 && nd.shape()[0] >= 1)) {
      flat = nd.toDoubles();
      rows = flat.length / 7;
    } else if (a instanceof List<?> l && l.size() == 7 && l.stream().allMatch(x -> x instanceof Number)) {
      flat = l.stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
      rows = 1;
    } else {
      throw broken("an action payload without a 7-D 'actions' (got " + r.payload().keySet() + ")");
    }
    double[][] out = new double[rows][7];
    for (int t = 0; t < rows; t++) {
      System.arraycopy(flat, t * 7, out[t], 0, 7);
      for (double x : out[t]) if (!Double.isFinite(x)) throw broken("a non-finite action");
    }
    return new ActionChunk(out);
  }

  @Override
  public PolicyOutput act(PolicyInput in) {
    return new PolicyOutput(actChunk(in).get(0), new int[0], 0);
  }

  @Override
  public void close() {
    if (conn != null) {
      try {
        if (episode != null && conn.isOpen()) send(Type.EPISODE_END, new LinkedHashMap<>());
      } catch (RuntimeException ignored) {
        // closing anyway
      }
      conn.close();
    }
    conn = null;
  }
}
