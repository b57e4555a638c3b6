package org.vla4j.policy.remote;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vla4j.policy.Policy;

/**
 * Remote policies by URI, the form {@code --policy} will take once the integrator wires it:
 *
 * <ul>
 *   <li>{@code openvla-rest://HOST:PORT?unnorm_key=K} — {@link OpenVlaRestPolicy}; options {@code
 *       rotate} (default true), {@code resize} (224; 0 = none), {@code crop} (0.9; 0 = none),
 *       {@code wrist} (false), {@code state} (false);
 *   <li>{@code openpi-ws://HOST:PORT} — {@link OpenPiWebSocketPolicy}; option {@code size} (224);
 *   <li>{@code vla-eval-ws://HOST:PORT} — {@link VlaEvalWebSocketPolicy}; options {@code size}
 *       (256), {@code format} (raw|png|jpeg, default png).
 * </ul>
 *
 * <p>Every scheme also takes {@code connect_timeout_ms}, {@code read_timeout_ms} and {@code
 * attempts}. The port defaults to 8000 (the reference servers' default).
 */
public final class RemotePolicies {
  /** The URI schemes. */
  public static final List<String> SCHEMES = List.of("openvla-rest", "openpi-ws", "vla-eval-ws");

  private static final Map<String, List<String>> OPTIONS = Map.of(
      "openvla-rest", List.of("unnorm_key", "rotate", "resize", "crop", "wrist", "state"),
      "openpi-ws", List.of("size"),
      "vla-eval-ws", List.of("size", "format"));
  private static final List<String> COMMON = List.of("connect_timeout_ms", "read_timeout_ms", "attempts");

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
  public static Policy open(String spec) {
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
    ClientOptions o = ClientOptions.DEFAULT;
    o = o.withTimeouts(java.time.Duration.ofMillis(num(q, "connect_timeout_ms", o.connectTimeout().toMillis())),
        java.time.Duration.ofMillis(num(q, "read_timeout_ms", o.readTimeout().toMillis())));
    o = o.withRetries((int) num(q, "attempts", o.maxAttempts()), o.backoff());
    return switch (scheme) {
      case "openvla-rest" -> new OpenVlaRestPolicy(URI.create("http://" + u.getHost() + ":" + port), q.get("unnorm_key"),
          new OpenVlaRestPolicy.Preprocessing(bool(q, "rotate", true), (int) num(q, "resize", 224), dbl(q, "crop", 0.9),
              bool(q, "wrist", false), bool(q, "state", false)), o);
      case "openpi-ws" -> new OpenPiWebSocketPolicy(URI.create("ws://" + u.getHost() + ":" + port + "/"), (int) num(q, "size", 224), o);
      default -> new VlaEvalWebSocketPolicy(URI.create("ws://" + u.getHost() + ":" + port + "/"), (int) num(q, "size", 256),
          q.getOrDefault("format", "png"), o);
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
