package org.vla4j.policy.remote;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vla4j.policy.steps.Fault;

/**
 * Remote policies by URI, the form {@code --policy} takes on the command line (eval, sweep, drills,
 * demo, replay through the CLI's runner provider):
 *
 * <ul>
 *   <li>{@code openvla-rest://HOST:PORT?unnorm_key=K} — {@link OpenVlaRestPolicy}; options {@code
 *       rotate} (default true), {@code resize} (224; 0 = none), {@code crop} (0.9; 0 = none),
 *       {@code wrist} (false), {@code state} (false);
 *   <li>{@code openpi-ws://HOST:PORT} — {@link OpenPiWebSocketPolicy}; options {@code size} (224),
 *       {@code replan_steps} (5: actions of each chunk executed open loop);
 *   <li>{@code vla-eval-ws://HOST:PORT} — {@link VlaEvalWebSocketPolicy}; options {@code size}
 *       (256), {@code format} (raw|png|jpeg, default png).
 * </ul>
 *
 * <p>Every scheme also takes {@code connect_timeout_ms}, {@code read_timeout_ms}, {@code attempts}
 * and {@code tag} (the steps.jsonl tag; see {@link RemotePolicy}). The port defaults to 8000 (the
 * reference servers' default).
 *
 * <p>Faults ({@link #open(String, Fault, String)}): the clients own only the image rotation (the
 * reference LIBERO clients of all three projects rotate before sending), so {@code no_flip} is
 * applied on the client side by not rotating; the prompt and the unnormalization happen on the
 * server, so {@code bad_prompt} and {@code bad_unnorm} are refused.
 */
public final class RemotePolicies {
  /** The URI schemes. */
  public static final List<String> SCHEMES = List.of("openvla-rest", "openpi-ws", "vla-eval-ws");

  private static final Map<String, List<String>> OPTIONS = Map.of(
      "openvla-rest", List.of("unnorm_key", "rotate", "resize", "crop", "wrist", "state"),
      "openpi-ws", List.of("size", "replan_steps"),
      "vla-eval-ws", List.of("size", "format"));
  private static final List<String> COMMON = List.of("connect_timeout_ms", "read_timeout_ms", "attempts", "tag");

  private RemotePolicies() {}

  /** Whether {@code spec} names a remote policy (starts with one of the schemes). */
  public static boolean isRemote(String spec) {
    return SCHEMES.stream().anyMatch(s -> spec.startsWith(s + "://"));
  }

  /**
   * Opens a remote policy client; nothing is sent until its first call.
   *
   * @throws IllegalArgumentException for an unknown scheme, a missing host, an unknown option or a
   *     bad option value (each message lists the valid choices)
   */
  public static RemotePolicy open(String spec) {
    return open(spec, Fault.NONE, null);
  }

  /**
   * Opens a remote policy client that applies {@code fault} and asks for {@code unnormKey}.
   *
   * @param fault {@link Fault#NONE}, or {@link Fault#NO_FLIP} (the client skips its 180° rotation);
   *     the other faults need a step the server owns and are refused
   * @param unnormKey the statistics key to ask for ({@code --unnorm-key}), or null: only the OpenVLA
   *     REST protocol carries one (as the {@code unnorm_key} option, which it must then equal)
   * @throws IllegalArgumentException as {@link #open(String)}, or for a fault or unnorm_key the
   *     protocol cannot apply (the message says which side owns the step and what is valid)
   */
  public static RemotePolicy open(String spec, Fault fault, String unnormKey) {
    URI u;
    try {
      u = URI.create(spec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + spec + "' is not a URI: " + e.getMessage() + "; expected e.g. openpi-ws://127.0.0.1:8000");
    }
    String scheme = u.getScheme();
    if (scheme == null || !SCHEMES.contains(scheme)) {
      throw new IllegalArgumentException("unknown remote policy scheme '" + scheme + "' in '" + spec + "'; valid: "
          + SCHEMES.stream().map(s -> s + "://HOST:PORT").toList());
    }
    if (u.getHost() == null) throw new IllegalArgumentException("'" + spec + "' has no host; expected " + scheme + "://HOST:PORT");
    int port = u.getPort() < 0 ? 8000 : u.getPort();
    Map<String, String> q = query(u.getRawQuery());
    for (String k : q.keySet()) {
      if (!OPTIONS.get(scheme).contains(k) && !COMMON.contains(k)) {
        throw new IllegalArgumentException("unknown option '" + k + "' for " + scheme + "; valid: " + OPTIONS.get(scheme) + " and " + COMMON);
      }
    }
    boolean rotate = !"openvla-rest".equals(scheme) || bool(q, "rotate", true);
    switch (fault) {
      case NONE -> { }
      case NO_FLIP -> {
        if (!rotate) {
          throw new IllegalArgumentException("--toggle no_flip drops the client's 180° rotation, but '" + spec + "' does not rotate"
              + " (rotate=false); remove rotate=false or use --toggle none");
        }
        rotate = false;
      }
      case BAD_PROMPT, BAD_UNNORM -> throw new IllegalArgumentException("--toggle " + fault.wireName() + " needs the "
          + (fault == Fault.BAD_PROMPT ? "prompt step" : "unnormalize step") + ", which the " + scheme + " server owns (the client sends"
          + (fault == Fault.BAD_PROMPT ? " the bare instruction" : " observations and gets actions in env units") + "); valid toggles"
          + " for a remote policy: none, no_flip (applied on the client: it skips its 180° rotation)"
          + (fault == Fault.BAD_UNNORM && scheme.equals("openvla-rest") ? "; to ask for other statistics give unnorm_key=K" : ""));
    }
    String key = q.get("unnorm_key");
    if (unnormKey != null) {
      if (!scheme.equals("openvla-rest")) {
        throw new IllegalArgumentException("--unnorm-key " + unnormKey + ": the " + scheme + " protocol sends no unnorm_key (the server"
            + " picks its statistics; start it with --unnorm-key); --unnorm-key works with openvla-rest:// only");
      }
      if (key != null && !key.equals(unnormKey)) {
        throw new IllegalArgumentException("--unnorm-key " + unnormKey + " contradicts unnorm_key=" + key + " in '" + spec + "'; give one");
      }
      key = unnormKey;
    }
    String tag = q.get("tag");
    if (tag != null && (tag.isBlank() || tag.equals("wait"))) {
      throw new IllegalArgumentException("option tag='" + tag + "' must be a non-blank name other than 'wait' (the wait steps' tag)");
    }
    ClientOptions o = ClientOptions.DEFAULT;
    o = o.withTimeouts(java.time.Duration.ofMillis(num(q, "connect_timeout_ms", o.connectTimeout().toMillis())),
        java.time.Duration.ofMillis(num(q, "read_timeout_ms", o.readTimeout().toMillis())));
    o = o.withRetries((int) num(q, "attempts", o.maxAttempts()), o.backoff());
    return switch (scheme) {
      case "openvla-rest" -> new OpenVlaRestPolicy(URI.create("http://" + u.getHost() + ":" + port), key,
          new OpenVlaRestPolicy.Preprocessing(rotate, (int) num(q, "resize", 224), dbl(q, "crop", 0.9),
              bool(q, "wrist", false), bool(q, "state", false)), tag, o);
      case "openpi-ws" -> new OpenPiWebSocketPolicy(URI.create("ws://" + u.getHost() + ":" + port + "/"), (int) num(q, "size", 224),
          rotate, (int) num(q, "replan_steps", OpenPiWebSocketPolicy.DEFAULT_REPLAN_STEPS), tag, o);
      default -> new VlaEvalWebSocketPolicy(URI.create("ws://" + u.getHost() + ":" + port + "/"), (int) num(q, "size", 256),
          q.getOrDefault("format", "png"), rotate, tag, o);
    };
  }

  /**
   * A {@link RemotePolicy#describe()} map: {@code protocol}, {@code address} and, when not empty,
   * {@code metadata} as JSON values (msgpack strings, numbers, booleans, lists and maps as they are;
   * byte strings as UTF-8 text; ndarrays as their description, e.g. {@code ndarray <f8 [7]}).
   */
  static Map<String, Object> description(String protocol, String address, Map<Object, Object> metadata) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("protocol", protocol);
    d.put("address", address);
    if (!metadata.isEmpty()) d.put("metadata", jsonValue(metadata, 0));
    return d;
  }

  private static Object jsonValue(Object v, int depth) {
    if (depth > 32) return String.valueOf(v);
    return switch (v) {
      case null -> null;
      case String s -> s;
      case Boolean b -> b;
      case Number n -> n instanceof Double d && !Double.isFinite(d) || n instanceof Float f && !Float.isFinite(f) ? String.valueOf(n) : n;
      case byte[] b -> new String(b, StandardCharsets.UTF_8);
      case Map<?, ?> m -> {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(k instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(k), jsonValue(x, depth + 1)));
        yield out;
      }
      case List<?> l -> l.stream().map(x -> jsonValue(x, depth + 1)).toList();
      default -> String.valueOf(v);
    };
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) return m;
    for (String kv : raw.split("&")) {
      int i = kv.indexOf('=');
      if (i <= 0) throw new IllegalArgumentException("option '" + kv + "' must be key=value");
      m.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  private static long num(Map<String, String> q, String k, long def) {
    String v = q.get(k);
    if (v == null) return def;
    try {
      long x = Long.parseLong(v);
      if (x < 0) throw new NumberFormatException();
      return x;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + k + "=" + v + " must be a non-negative integer");
    }
  }

  private static double dbl(Map<String, String> q, String k, double def) {
    String v = q.get(k);
    if (v == null) return def;
    try {
      double x = Double.parseDouble(v);
      if (!(x >= 0 && x <= 1)) throw new NumberFormatException();
      return x;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + k + "=" + v + " must be a number in [0, 1] (0: off)");
    }
  }

  private static boolean bool(Map<String, String> q, String k, boolean def) {
    String v = q.get(k);
    if (v == null) return def;
    return switch (v) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new IllegalArgumentException("option " + k + "=" + v + " must be true or false");
    };
  }
}
