package org.vla4j.policy.remote.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The json_numpy convention (the {@code json-numpy} Python package, used by OpenVLA's REST server
 * {@code vla-scripts/deploy.py}): an ndarray is the JSON object {@code {"__numpy__":
 * base64(arr.tobytes()), "dtype": dtype.str, "shape": [..]}}; shape {@code []} decodes to a numpy
 * scalar. OpenVLA's server also accepts a request {@code {"encoded": "<the payload as JSON
 * text>"}} and then answers with the reply JSON-encoded a second time (a JSON string holding JSON).
 *
 * <p>Decoded values are plain Java: {@code Map<String, Object>} (insertion order), {@code
 * List<Object>}, {@code String}, {@code Long} or {@code Double}, {@code Boolean}, {@code null} and
 * {@link NdArray}.
 */
public final class JsonNumpy {
  /** Nesting deeper than this is refused (a hostile body cannot exhaust the stack). */
  public static final int MAX_DEPTH = 32;

  private static final ObjectMapper MAPPER = newMapper();

  private JsonNumpy() {}

  private static ObjectMapper newMapper() {
    ObjectMapper m = new ObjectMapper();
    m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 8)
        .maxStringLength(Integer.MAX_VALUE).build());
    return m;
  }

  /** The shared mapper (thread-safe). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses JSON text and decodes it.
   *
   * @throws WireException for malformed JSON (message gives the position) or a malformed ndarray
   */
  public static Object parse(byte[] json) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new WireException("malformed JSON: " + e.getOriginalMessage() + " at " + location(e));
    } catch (java.io.IOException e) {
      throw new WireException("unreadable JSON: " + e.getMessage());
    }
    if (n == null || n.isMissingNode()) throw new WireException("empty body: expected a JSON object");
    return decode(n);
  }

  private static String location(JsonProcessingException e) {
    var l = e.getLocation();
    return l == null ? "unknown position" : "line " + l.getLineNr() + ", column " + l.getColumnNr();
  }

  /**
   * Decodes a JSON tree, turning every {@code __numpy__} object into an {@link NdArray}.
   *
   * @throws WireException for a malformed ndarray object (bad base64, dtype, shape) or nesting
   *     deeper than {@link #MAX_DEPTH}
   */
  public static Object decode(JsonNode n) {
    return decode(n, 0);
  }

  private static Object decode(JsonNode n, int depth) {
    if (depth > MAX_DEPTH) throw new WireException("JSON nested deeper than " + MAX_DEPTH + " levels");
    if (n.isObject()) {
      if (n.has("__numpy__")) return decodeArray(n);
      Map<String, Object> m = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        var e = it.next();
        m.put(e.getKey(), decode(e.getValue(), depth + 1));
      }
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>(n.size());
      for (JsonNode c : n) l.add(decode(c, depth + 1));
      return l;
    }
    if (n.isTextual()) return n.textValue();
    if (n.isBoolean()) return n.booleanValue();
    if (n.isNull()) return null;
    if (n.isIntegralNumber() && n.canConvertToLong()) return n.longValue();
    if (n.isNumber()) return n.doubleValue();
    throw new WireException("unsupported JSON value " + n.getNodeType());
  }

  private static NdArray decodeArray(JsonNode n) {
    JsonNode b64 = n.get("__numpy__");
    if (!b64.isTextual()) throw new WireException("'__numpy__' must be a base64 string, got " + b64.getNodeType());
    JsonNode dt = n.get("dtype");
    if (dt == null || !dt.isTextual()) throw new WireException("json_numpy array lacks a 'dtype' string");
    DType dtype = DType.parse(dt.textValue());
    JsonNode sh = n.get("shape");
    if (sh == null || !sh.isArray()) throw new WireException("json_numpy array lacks a 'shape' list");
    int[] shape = new int[sh.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = sh.get(i);
      if (!d.isIntegralNumber() || !d.canConvertToInt()) throw new WireException("json_numpy shape " + sh + " must hold integers");
      shape[i] = d.intValue();
    }
    byte[] data;
    try {
      data = Base64.getDecoder().decode(b64.textValue());
    } catch (IllegalArgumentException e) {
      throw new WireException("'__numpy__' is not valid base64: " + e.getMessage());
    }
    return new NdArray(dtype, shape, data);
  }

  /** The json_numpy object of an array: {@code {"__numpy__": b64, "dtype": str, "shape": [..]}}. */
  public static ObjectNode encode(NdArray a) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("__numpy__", Base64.getEncoder().encodeToString(a.data()));
    o.put("dtype", a.dtype().str());
    ArrayNode s = o.putArray("shape");
    for (int d : a.shape()) s.add(d);
    return o;
  }

  /**
   * Encodes a plain Java value ({@code Map} with String keys, {@code List}, String, Number, Boolean,
   * null, {@link NdArray}) as a JSON tree.
   *
   * @throws IllegalArgumentException for any other type
   */
  public static JsonNode encodeValue(Object v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (v) {
      case null -> f.nullNode();
      case NdArray a -> encode(a);
      case String s -> f.textNode(s);
      case Boolean b -> f.booleanNode(b);
      case Integer i -> f.numberNode(i);
      case Long l -> f.numberNode(l);
      case Double d -> f.numberNode(d);
      case Float x -> f.numberNode(x.doubleValue());
      case Map<?, ?> m -> {
        ObjectNode o = f.objectNode();
        m.forEach((k, val) -> o.set(String.valueOf(k), encodeValue(val)));
        yield o;
      }
      case List<?> l -> {
        ArrayNode a = f.arrayNode();
        l.forEach(x -> a.add(encodeValue(x)));
        yield a;
      }
      default -> throw new IllegalArgumentException("cannot encode " + v.getClass().getName() + " as json_numpy");
    };
  }

  /** JSON text (UTF-8) of a value. */
  public static byte[] toBytes(Object v) {
    try {
      return MAPPER.writeValueAsBytes(encodeValue(v));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** JSON text of a value, as a String. */
  public static String toText(Object v) {
    try {
      return MAPPER.writeValueAsString(encodeValue(v));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
