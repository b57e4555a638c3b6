package org.vla4j.policy.remote;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vla4j.policy.Policy;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.policy.steps.image.ImageStep;
import org.vla4j.policy.steps.image.ResizeMethod;
import org.vla4j.policy.remote.wire.JsonNumpy;
import org.vla4j.policy.remote.wire.NdArray;
import org.vla4j.policy.remote.wire.WireException;

/**
 * A client of an OpenVLA REST server (OpenVLA {@code vla-scripts/deploy.py}, or {@code vla4j serve
 * --protocol openvla-rest}): {@code POST http://HOST:PORT/act} with {@code {"image": [H, W, 3]
 * uint8, "instruction": str, "unnorm_key": str}} in json_numpy form; the reply is the 7-D action
 * (any numeric dtype, read as double).
 *
 * <p>The reference server does no image preprocessing, so the client does it ({@link
 * Preprocessing}): for OpenVLA on LIBERO rotate 180°, resize to 224 (TF lanczos3 with antialias)
 * and center crop of area 0.9 (OpenVLA's LIBERO evaluation, arXiv:2406.09246; the JPEG round trip is not reproduced). The wrist
 * image and the 8-D state are sent only when asked ({@code wrist_image}, {@code state}: vla4j
 * extensions that the reference server ignores).
 *
 * <p>Errors: an HTTP 4xx reply (bad input, unknown unnorm_key) is an {@link
 * IllegalArgumentException} with the server's message; an unreachable server (after {@link
 * ClientOptions#maxAttempts()} connection attempts with backoff), a reply later than the read
 * timeout, a 5xx, or a body that is not an action is a {@link RemotePolicyException}. Not
 * thread-safe (like every Policy), though the HTTP client is.
 */
public final class OpenVlaRestPolicy implements RemotePolicy {
  /**
   * The client's preprocessing and extension keys.
   *
   * @param rotate180 rotate the env's images 180° (OpenVLA on LIBERO)
   * @param resize square side to resize to (0: none), TF lanczos3 antialias as OpenVLA
   * @param centerCrop area fraction of OpenVLA's center crop (0: none; OpenVLA uses 0.9)
   * @param sendWrist also send the wrist image as {@code wrist_image}
   * @param sendState also send the 8-D state as {@code state}
   */
  public record Preprocessing(boolean rotate180, int resize, double centerCrop, boolean sendWrist, boolean sendState) {
    /** OpenVLA's LIBERO preprocessing, image only. */
    public static final Preprocessing OPENVLA_LIBERO = new Preprocessing(true, 224, 0.9, false, false);

    /** The image steps. */
    public RemoteImages images() {
      List<ImageStep> s = new ArrayList<>();
      if (rotate180) s.add(new ImageStep.Rotate180());
      if (resize > 0) s.add(new ImageStep.Resize(resize, resize, ResizeMethod.TF_LANCZOS3_ANTIALIAS));
      if (centerCrop > 0) s.add(new ImageStep.CenterCrop(centerCrop));
      return new RemoteImages(s);
    }
  }

  private final URI act;
  private final String unnormKey;
  private final Preprocessing pre;
  private final RemoteImages images;
  private final ClientOptions options;
  private final HttpClient http;
  private final String tag;

  /**
   * A client for {@code http://host:port}; nothing is sent until the first {@link #act}.
   *
   * @param unnormKey the statistics key to ask for, or null for the server's default
   */
  public OpenVlaRestPolicy(URI base, String unnormKey, Preprocessing pre, ClientOptions options) {
    this(base, unnormKey, pre, null, options);
  }

  /**
   * As {@link #OpenVlaRestPolicy(URI, String, Preprocessing, ClientOptions)}, with the step tag.
   *
   * @param tag the step tag, or null for {@code openvla-rest} (the protocol advertises no policy name)
   */
  public OpenVlaRestPolicy(URI base, String unnormKey, Preprocessing pre, String tag, ClientOptions options) {
    this.tag = tag;
    this.act = base.resolve("/act");
    this.unnormKey = unnormKey;
    this.pre = pre;
    this.images = pre.images();
    this.options = options;
    this.http = HttpClient.newBuilder().connectTimeout(options.connectTimeout()).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** The step tag: the {@code tag} option, else {@code openvla-rest} (see {@link RemotePolicy}). */
  @Override
  public String name() {
    return tag != null ? tag : protocol();
  }

  @Override
  public String protocol() {
    return "openvla-rest";
  }

  @Override
  public String address() {
    return act.toString();
  }

  /** The client's image steps, in order: what {@code --toggle no_flip} changes. */
  public Preprocessing preprocessing() {
    return pre;
  }

  /**
   * Checks that the address answers HTTP ({@code GET /act}: the reference server and vla4j's answer
   * 405; any status will do), with the bounded connection attempts.
   */
  @Override
  public void connect() {
    HttpRequest req = HttpRequest.newBuilder(act).timeout(options.readTimeout()).GET().build();
    IOException last = null;
    for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
      if (attempt > 1) sleep(attempt);
      try {
        http.send(req, HttpResponse.BodyHandlers.discarding());
        return;
      } catch (HttpConnectTimeoutException | ConnectException e) {
        last = e;
      } catch (HttpTimeoutException e) {
        throw new RemotePolicyException("no HTTP answer from " + act + " within the read timeout of " + options.readTimeout().toMillis()
            + " ms (the server may be stalled or overloaded)", e);
      } catch (IOException e) {
        throw new RemotePolicyException(act + " does not answer HTTP: " + WsConnection.describe(e), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RemotePolicyException("interrupted while connecting to " + act);
      }
    }
    throw new RemotePolicyException("cannot reach " + act + " after " + options.maxAttempts() + " attempt(s): "
        + WsConnection.describe(last) + " (is the server running on this host and port?)", last);
  }

  /** Protocol and address only: the OpenVLA REST protocol has no metadata request. */
  @Override
  public Map<String, Object> describe() {
    Map<String, Object> d = RemotePolicies.description(protocol(), address(), Map.of());
    if (unnormKey != null) d.put("unnorm_key", unnormKey);
    return d;
  }

  @Override
  public List<String> pipeline() {
    List<String> p = new ArrayList<>(images.names());
    p.add("remote:openvla-rest POST " + act + (unnormKey == null ? "" : " unnorm_key=" + unnormKey));
    return p;
  }

  @Override
  public PolicyOutput act(PolicyInput in) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("image", NdArray.ofImage(images.apply(in.agentview())));
    body.put("instruction", in.instruction());
    if (unnormKey != null) body.put("unnorm_key", unnormKey);
    if (pre.sendWrist()) {
      if (in.wrist() == null) throw new IllegalArgumentException("wrist image requested (wrist=true) but the env gives none");
      body.put("wrist_image", NdArray.ofImage(images.apply(in.wrist())));
    }
    if (pre.sendState() && in.state() != null) body.put("state", NdArray.ofFloat64(in.state()));
    byte[] json = JsonNumpy.toBytes(body);
    HttpResponse<byte[]> r = send(json);
    return new PolicyOutput(parse(r), new int[0], 0);
  }

  private HttpResponse<byte[]> send(byte[] json) {
    HttpRequest req = HttpRequest.newBuilder(act).timeout(options.readTimeout()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
    IOException last = null;
    for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
      if (attempt > 1) sleep(attempt);
      try {
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 503 && attempt < options.maxAttempts()) continue; // every instance busy: retry
        return r;
      } catch (HttpConnectTimeoutException | ConnectException e) {
        last = e; // nothing was sent: safe to retry
      } catch (HttpTimeoutException e) {
        throw new RemotePolicyException("no reply from " + act + " within the read timeout of " + options.readTimeout().toMillis()
            + " ms (the server may be stalled or overloaded)", e);
      } catch (IOException e) {
        throw new RemotePolicyException("connection to " + act + " failed mid-request: " + WsConnection.describe(e)
            + " (the server closed the connection or is not an HTTP server)", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RemotePolicyException("interrupted while waiting for " + act);
      }
    }
    throw new RemotePolicyException("cannot reach " + act + " after " + options.maxAttempts() + " attempt(s): "
        + WsConnection.describe(last) + " (is the server running on this host and port?)", last);
  }

  private void sleep(int attempt) {
    try {
      Thread.sleep(options.backoffBefore(attempt).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemotePolicyException("interrupted while waiting to retry " + act);
    }
  }

  private double[] parse(HttpResponse<byte[]> r) {
    int status = r.statusCode();
    String snippet = snippet(r.body());
    if (status >= 400) {
      String msg = serverMessage(r.body());
      if (status < 500 && status != 408 && status != 429) {
        throw new IllegalArgumentException("server " + act + " refused the request (HTTP " + status + "): " + msg);
      }
      throw new RemotePolicyException("server " + act + " failed (HTTP " + status + "): " + msg);
    }
    if (status != 200) throw new RemotePolicyException("server " + act + " answered HTTP " + status + ": " + snippet);
    Object v;
    try {
      v = JsonNumpy.parse(r.body());
      if (v instanceof String s && s.strip().startsWith("{")) v = JsonNumpy.parse(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (WireException e) {
      throw new RemotePolicyException("server " + act + " answered something that is not an OpenVLA action: " + e.getMessage()
          + "; body starts " + snippet);
    }
    if ("error".equals(v)) {
      throw new RemotePolicyException("server " + act + " answered \"error\" (the reference server's reply to any failure;"
          + " its log has the traceback)");
    }
    if (!(v instanceof NdArray a) || a.size() != 7 || a.dtype().kind() == 'b') {
      throw new RemotePolicyException("server " + act + " answered " + (v instanceof NdArray a ? a.toString() : snippet)
          + " instead of a 7-D action ndarray");
    }
    double[] action = a.toDoubles();
    for (double x : action) {
      if (!Double.isFinite(x)) throw new RemotePolicyException("server " + act + " answered a non-finite action " + java.util.Arrays.toString(action));
    }
    return action;
  }

  private static String serverMessage(byte[] body) {
    try {
      if (JsonNumpy.parse(body) instanceof Map<?, ?> m && m.get("error") instanceof String s) return s;
    } catch (WireException ignored) {
      // not ours: show the start of the body
    }
    return snippet(body);
  }

  static String snippet(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
    return "'" + s + (body.length > 200 ? "…" : "") + "'";
  }

  @Override
  public void close() {
    http.close();
  }
}
