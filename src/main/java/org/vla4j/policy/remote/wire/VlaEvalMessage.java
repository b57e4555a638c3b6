package org.vla4j.policy.remote.wire;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One frame of the vla-eval websocket protocol (allenai/vla-evaluation-harness {@code
 * protocol/messages.py}, {@code connection.py}, {@code model_servers/serve.py}): a binary msgpack
 * map {@code {"type": str, "payload": map, "seq": int, "timestamp": float}} with str keys, numpy
 * arrays as {@link Msgpack.Flavor#VLA_EVAL} maps. The client numbers its messages from 1; the
 * server's action (and hello, and error) reply carries the seq of the message it answers.
 *
 * @param type message type
 * @param payload the payload map (keys are Strings for str keys)
 * @param seq sequence number
 * @param timestamp Unix time, seconds
 */
public record VlaEvalMessage(Type type, Map<Object, Object> payload, long seq, double timestamp) {

  /** The message types, with their wire names. */
  public enum Type {
    HELLO("hello"),
    EPISODE_START("episode_start"),
    OBSERVATION("observation"),
    ACTION("action"),
    EPISODE_END("episode_end"),
    ERROR("error");

    private final String wire;

    Type(String wire) {
      this.wire = wire;
    }

    /** The wire name, e.g. {@code episode_start}. */
    public String wire() {
      return wire;
    }

    /** @throws WireException naming the type and listing the valid ones */
    public static Type of(Object name) {
      for (Type t : values()) if (t.wire.equals(name)) return t;
      throw new WireException("unknown message type " + (name instanceof String s ? "'" + s + "'" : Msgpack.typeName(name))
          + "; valid types: " + Arrays.stream(values()).map(Type::wire).toList());
    }
  }

  public VlaEvalMessage {
    payload = payload == null ? Map.of() : payload;
  }

  /** A message stamped with the current time. */
  public static VlaEvalMessage now(Type type, Map<Object, Object> payload, long seq) {
    return new VlaEvalMessage(type, payload, seq, System.currentTimeMillis() / 1000.0);
  }

  /**
   * Decodes a frame.
   *
   * @throws WireException for malformed msgpack, a frame that is not a map, missing fields (all
   *     named, with the keys present), an unknown type, or a non-map payload
   */
  public static VlaEvalMessage decode(byte[] frame) {
    Object v = Msgpack.unpack(frame);
    if (!(v instanceof Map<?, ?> raw)) throw new WireException("expected a msgpack map, got " + Msgpack.typeName(v));
    @SuppressWarnings("unchecked")
    Map<Object, Object> m = (Map<Object, Object>) raw;
    List<String> missing = List.of("type", "payload", "seq", "timestamp").stream().filter(k -> !m.containsKey(k)).toList();
    if (!missing.isEmpty()) {
      throw new WireException("message missing required fields " + missing + "; got keys " + m.keySet());
    }
    Type type = Type.of(m.get("type"));
    if (!(m.get("payload") instanceof Map<?, ?> p)) {
      throw new WireException("'payload' must be a map, got " + Msgpack.typeName(m.get("payload")));
    }
    if (!(m.get("seq") instanceof Long seq)) throw new WireException("'seq' must be an integer, got " + Msgpack.typeName(m.get("seq")));
    if (!(m.get("timestamp") instanceof Number ts)) {
      throw new WireException("'timestamp' must be a number, got " + Msgpack.typeName(m.get("timestamp")));
    }
    @SuppressWarnings("unchecked")
    Map<Object, Object> payload = (Map<Object, Object>) p;
    return new VlaEvalMessage(type, payload, seq, ts.doubleValue());
  }

  /** The frame, keys in the harness's order (type, payload, seq, timestamp). */
  public byte[] encode() {
    Map<Object, Object> m = new LinkedHashMap<>();
    m.put("type", type.wire());
    m.put("payload", payload);
    m.put("seq", seq);
    m.put("timestamp", timestamp);
    return Msgpack.pack(m, Msgpack.Flavor.VLA_EVAL);
  }
}
