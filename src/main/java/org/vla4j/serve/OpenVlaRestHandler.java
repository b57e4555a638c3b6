package org.vla4j.serve;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.policy.remote.wire.JsonNumpy;
import org.vla4j.policy.remote.wire.NdArray;
import org.vla4j.policy.remote.wire.WireException;

/**
 * OpenVLA's REST protocol (OpenVLA {@code vla-scripts/deploy.py}): {@code POST /act} with a JSON
 * body {@code {"image": ndarray [H, W, 3] uint8, "instruction": str, "unnorm_key": str?}} (ndarrays
 * in json_numpy form), or {@code {"encoded": "<that JSON as text>"}}; the reply is the action,
 * a float64 {@code (7,)} ndarray in json_numpy form, JSON-encoded twice for an {@code encoded}
 * request. {@code GET /healthz} answers {@code OK}.
 *
 * <p>vla4j extensions (optional keys the reference ignores): {@code "wrist_image"} (same form as
 * image; policies that take the wrist camera, such as tiny-vla, need it) and {@code "state"} (8-D).
 *
 * <p>Errors differ from the reference on purpose: instead of HTTP 200 with the JSON string {@code
 * "error"}, a bad request gets HTTP 400 (413 when too large, 404/405 for another path or method,
 * 503 when every policy instance stays busy, 500 when the policy itself fails) with the body {@code
 * {"error": "<what was wrong, naming the bad value and the valid choices>"}}. A reference client
 * calling {@code .json()} on it sees that map instead of an action.
 */
final class OpenVlaRestHandler extends Handler.Abstract {
  private final PolicyPool pool;
  private final ServerConfig config;

  OpenVlaRestHandler(PolicyPool pool, ServerConfig config) {
    this.pool = pool;
    this.config = config;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    if (path.equals("/healthz") || path.equals("/health")) {
      if (!method.equals("GET") && !method.equals("HEAD")) return error(response, callback, 405, "use GET " + path);
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
      Content.Sink.write(response, true, "OK", callback);
      return true;
    }
    if (!path.equals("/act")) {
      return error(response, callback, 404, "no endpoint " + path + "; endpoints: POST /act, GET /healthz");
    }
    if (!method.equals("POST")) return error(response, callback, 405, "use POST /act (got " + method + ")");
    long declared = request.getLength();
    if (declared > config.maxMessageBytes()) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      return error(response, callback, 413, "request body of " + declared + " bytes exceeds the server's limit of "
          + config.maxMessageBytes() + " bytes");
    }
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxMessageBytes() + 1));
    } catch (IOException e) {
      return error(response, callback, 400, "could not read the request body: " + e.getMessage());
    }
    if (body.length > config.maxMessageBytes()) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      return error(response, callback, 413, "request body exceeds the server's limit of " + config.maxMessageBytes() + " bytes");
    }
    try {
      Reply r = act(body);
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      Content.Sink.write(response, true, r.json(), callback);
    } catch (PolicyPool.BusyException e) {
      return error(response, callback, 503, e.getMessage());
    } catch (Inference.PolicyFailure e) {
      return error(response, callback, 500, e.getMessage());
    } catch (IllegalArgumentException e) {
      return error(response, callback, 400, Inference.message(e));
    } catch (RuntimeException e) {
      return error(response, callback, 500, "internal error: " + e);
    }
    return true;
  }

  private record Reply(String json) {}

  private Reply act(byte[] body) {
    Object v = JsonNumpy.parse(body);
    if (!(v instanceof Map<?, ?> payload)) throw new WireException("the body must be a JSON object, got " + Inference.kind(v));
    boolean doubleEncode = payload.containsKey("encoded");
    if (doubleEncode) {
      if (payload.size() != 1) throw new WireException("an 'encoded' request must hold only 'encoded'; got keys " + payload.keySet());
      if (!(payload.get("encoded") instanceof String s)) throw new WireException("'encoded' must be a JSON string");
      Object inner = JsonNumpy.parse(s.getBytes(StandardCharsets.UTF_8));
      if (!(inner instanceof Map<?, ?> m)) throw new WireException("'encoded' must hold a JSON object, got " + Inference.kind(inner));
      payload = m;
    }
    var image = Inference.image(payload, "image", true);
    var wrist = Inference.image(payload, "wrist_image", false);
    String instruction = Inference.text(payload, "instruction", true);
    String requested = Inference.text(payload, "unnorm_key", false);
    double[] state = Inference.state(payload, "state");
    String key = pool.source().resolveKey(requested != null ? requested : config.unnormKey());
    PolicyOutput out;
    try (PolicyPool.Lease lease = pool.borrow(key, config.borrowWait())) {
      out = Inference.act(lease.policy(), config.adapter(), image, wrist, state, instruction);
    }
    String json = JsonNumpy.toText(NdArray.ofFloat64(out.action()));
    return new Reply(doubleEncode ? JsonNumpy.toText(json) : json);
  }

  private static boolean error(Response response, Callback callback, int status, String message) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", message);
    m.put("status", status + " " + HttpStatus.getMessage(status));
    Content.Sink.write(response, true, JsonNumpy.toText(m), callback);
    return true;
  }
}
