package org.vla4j.policy.remote.wire;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * msgpack with numpy arrays, in the two conventions vla4j speaks (both built on msgpack-core):
 *
 * <ul>
 *   <li>{@link Flavor#OPENPI} — openpi's {@code openpi_client/msgpack_numpy.py}: an ndarray is a map
 *       with <b>bin</b> keys {@code b"__ndarray__": True, b"data": bin, b"dtype": str, b"shape":
 *       array}; a numpy scalar is {@code b"__npgeneric__": True, b"data": <native msgpack value>,
 *       b"dtype": str}.
 *   <li>{@link Flavor#VLA_EVAL} — allenai/vla-evaluation-harness {@code protocol/numpy_codec.py}:
 *       the same ndarray map with <b>str</b> keys, and HWC uint8 images optionally as {@code
 *       {"__image__": True, "format": "raw"|"png"|"jpeg", "data": bin, "shape": [..]}} (+ {@code
 *       "dtype"} for raw) ({@code protocol/image_codec.py}); numpy scalars travel as plain numbers.
 * </ul>
 *
 * <p>The decoder accepts both key spellings in either flavor (a str-keyed ndarray in an openpi
 * frame decodes too); the encoder writes its flavor's spelling exactly. Decoded values: {@code
 * Map<Object, Object>} (keys {@code String} for str, {@link BinKey} for bin, or numbers), {@code
 * List<Object>}, {@code String}, {@code byte[]}, {@code Long} (or {@code BigInteger} above
 * 2⁶³−1), {@code Double}, {@code Boolean}, {@code null}, {@link NdArray}. msgpack ext types are
 * refused. A length header larger than the rest of the frame is refused before anything is
 * allocated.
 */
public final class Msgpack {
  /** Which convention: key spelling of ndarrays and scalar handling. */
  public enum Flavor {
    OPENPI,
    VLA_EVAL
  }

  /** Nesting deeper than this is refused. */
  public static final int MAX_DEPTH = 32;

  private Msgpack() {}

  // ---------------------------------------------------------------- decoding

  /**
   * Decodes one msgpack value filling the whole frame.
   *
   * @throws WireException for malformed or truncated msgpack, trailing bytes, ext types, too deep
   *     nesting, or a malformed/disallowed ndarray or image
   */
  public static Object unpack(byte[] frame) {
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
      Object v = read(u, frame.length, 0);
      if (u.hasNext()) {
        throw new WireException("malformed msgpack: " + (frame.length - u.getTotalReadBytes()) + " trailing bytes after the value");
      }
      return v;
    } catch (WireException e) {
      throw e;
    } catch (org.msgpack.core.MessageSizeException e) {
      throw new WireException("malformed msgpack: a length header claims more than the " + frame.length + " bytes of the frame");
    } catch (org.msgpack.core.MessageInsufficientBufferException e) {
      throw new WireException("malformed msgpack: frame of " + frame.length + " bytes ends inside a value");
    } catch (IOException | RuntimeException e) {
      throw new WireException("malformed msgpack (" + frame.length + " bytes): " + e.getMessage());
    }
  }

  private static void fits(MessageUnpacker u, long total, long n, String what) {
    if (n < 0 || n > total - u.getTotalReadBytes()) {
      throw new WireException("malformed msgpack: " + what + " of " + n + " claims more than the "
          + (total - u.getTotalReadBytes()) + " bytes left in the frame");
    }
  }

  private static Object read(MessageUnpacker u, long total, int depth) throws IOException {
    if (depth > MAX_DEPTH) throw new WireException("msgpack nested deeper than " + MAX_DEPTH + " levels");
    MessageFormat f = u.getNextFormat();
    ValueType t = f.getValueType();
    switch (t) {
      case NIL -> {
        u.unpackNil();
        return null;
      }
      case BOOLEAN -> {
        return u.unpackBoolean();
      }
      case INTEGER -> {
        if (f == MessageFormat.UINT64) {
          BigInteger b = u.unpackBigInteger();
          return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        return u.unpackLong();
      }
      case FLOAT -> {
        return u.unpackDouble();
      }
      case STRING -> {
        int n = u.unpackRawStringHeader();
        fits(u, total, n, "string");
        return new String(u.readPayload(n), StandardCharsets.UTF_8);
      }
      case BINARY -> {
        int n = u.unpackBinaryHeader();
        fits(u, total, n, "bin");
        return u.readPayload(n);
      }
      case ARRAY -> {
        int n = u.unpackArrayHeader();
        fits(u, total, n, "array"); // every element takes ≥ 1 byte
        List<Object> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) l.add(read(u, total, depth + 1));
        return l;
      }
      case MAP -> {
        int n = u.unpackMapHeader();
        fits(u, total, 2L * n, "map");
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          Object k = read(u, total, depth + 1);
          if (k instanceof byte[] b) k = new BinKey(new String(b, StandardCharsets.UTF_8));
          if (k instanceof Map || k instanceof List) throw new WireException("msgpack map key must be a str, bin or number");
          m.put(k, read(u, total, depth + 1));
        }
        return numpyHook(m);
      }
      default -> throw new WireException("msgpack " + t.name().toLowerCase() + " values are not supported (ext types are refused)");
    }
  }

  /** Looks a key up under its str or bin spelling. */
  static Object get(Map<Object, Object> m, String key) {
    Object v = m.get(key);
    return v != null ? v : m.get(new BinKey(key));
  }

  private static boolean has(Map<Object, Object> m, String key) {
    return m.containsKey(key) || m.containsKey(new BinKey(key));
  }

  private static Object numpyHook(Map<Object, Object> m) {
    if (has(m, "__ndarray__")) return ndarray(m);
    if (has(m, "__npgeneric__")) return npgeneric(m);
    if (has(m, "__image__")) return Images.decode(m);
    return m;
  }

  static String dtypeString(Object d) {
    if (d instanceof String s) return s;
    if (d instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
    throw new WireException("ndarray 'dtype' must be a string, got " + typeName(d));
  }

  static int[] shape(Object s) {
    if (!(s instanceof List<?> l)) throw new WireException("ndarray 'shape' must be a list of integers, got " + typeName(s));
    int[] shape = new int[l.size()];
    for (int i = 0; i < shape.length; i++) {
      if (!(l.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
        throw new WireException("ndarray 'shape' " + l + " must hold non-negative integers");
      }
      shape[i] = (int) (long) d;
    }
    return shape;
  }

  private static NdArray ndarray(Map<Object, Object> m) {
    Object data = get(m, "data");
    if (!(data instanceof byte[] b)) throw new WireException("ndarray 'data' must be bytes (msgpack bin), got " + typeName(data));
    return new NdArray(DType.parse(dtypeString(get(m, "dtype"))), shape(get(m, "shape")), b);
  }

  private static NdArray npgeneric(Map<Object, Object> m) {
    DType dt = DType.parse(dtypeString(get(m, "dtype")));
    Object v = get(m, "data");
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(dt.size()).order(dt.order());
    switch (dt.kind()) {
      case 'b' -> {
        if (!(v instanceof Boolean x)) throw new WireException("numpy bool scalar 'data' must be a bool, got " + typeName(v));
        b.put((byte) (x ? 1 : 0));
      }
      case 'f' -> {
        if (!(v instanceof Number x)) throw new WireException("numpy float scalar 'data' must be a number, got " + typeName(v));
        switch (dt.size()) {
          case 2 -> b.putShort(Float.floatToFloat16(x.floatValue()));
          case 4 -> b.putFloat(x.floatValue());
          default -> b.putDouble(x.doubleValue());
        }
      }
      default -> {
        if (!(v instanceof Long || v instanceof BigInteger)) {
          throw new WireException("numpy integer scalar 'data' must be an integer, got " + typeName(v));
        }
        long x = ((Number) v).longValue();
        switch (dt.size()) {
          case 1 -> b.put((byte) x);
          case 2 -> b.putShort((short) x);
          case 4 -> b.putInt((int) x);
          default -> b.putLong(x);
        }
      }
    }
    return new NdArray(dt, new int[0], b.array());
  }

  static String typeName(Object v) {
    return switch (v) {
      case null -> "nothing";
      case byte[] b -> "bytes";
      case String s -> "str";
      case Map<?, ?> m -> "map";
      case List<?> l -> "list";
      case NdArray a -> a.toString();
      default -> v.getClass().getSimpleName().toLowerCase();
    };
  }

  // ---------------------------------------------------------------- encoding

  /**
   * Encodes a value: {@code Map} (keys String → str, {@link BinKey} → bin), {@code List}, String,
   * {@code byte[]} (bin), Integer/Long (int, smallest form), Float/Double (float64, as Python's
   * msgpack packs a float), Boolean, null, {@link NdArray} (the flavor's ndarray map, or for a 0-d
   * array under OPENPI an {@code __npgeneric__} map), {@link Images.Encoded} (vla-eval image map).
   *
   * @throws IllegalArgumentException for any other type
   */
  public static byte[] pack(Object v, Flavor flavor) {
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      write(p, v, flavor);
      return p.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void key(MessageBufferPacker p, String k, Flavor flavor) throws IOException {
    if (flavor == Flavor.OPENPI) {
      byte[] b = k.getBytes(StandardCharsets.UTF_8);
      p.packBinaryHeader(b.length).writePayload(b);
    } else {
      p.packString(k);
    }
  }

  private static void write(MessageBufferPacker p, Object v, Flavor flavor) throws IOException {
    switch (v) {
      case null -> p.packNil();
      case Boolean b -> p.packBoolean(b);
      case Integer i -> p.packLong(i);
      case Long l -> p.packLong(l);
      case BigInteger b -> p.packBigInteger(b);
      case Double d -> p.packDouble(d);
      case Float x -> p.packDouble(x.doubleValue());
      case String s -> p.packString(s);
      case byte[] b -> p.packBinaryHeader(b.length).writePayload(b);
      case BinKey k -> {
        byte[] b = k.bytes();
        p.packBinaryHeader(b.length).writePayload(b);
      }
      case NdArray a -> writeArray(p, a, flavor);
      case Images.Encoded im -> write(p, im.asMap(), flavor);
      case Map<?, ?> m -> {
        p.packMapHeader(m.size());
        for (var e : m.entrySet()) {
          write(p, e.getKey(), flavor);
          write(p, e.getValue(), flavor);
        }
      }
      case List<?> l -> {
        p.packArrayHeader(l.size());
        for (Object x : l) write(p, x, flavor);
      }
      default -> throw new IllegalArgumentException("cannot encode " + v.getClass().getName() + " as msgpack");
    }
  }

  private static void writeArray(MessageBufferPacker p, NdArray a, Flavor flavor) throws IOException {
    if (a.shape().length == 0 && flavor == Flavor.OPENPI) {
      p.packMapHeader(3);
      key(p, "__npgeneric__", flavor);
      p.packBoolean(true);
      key(p, "data", flavor);
      double x = a.toDoubles()[0];
      switch (a.dtype().kind()) {
        case 'b' -> p.packBoolean(x != 0);
        case 'f' -> p.packDouble(x);
        default -> p.packLong(java.nio.ByteBuffer.wrap(padTo8(a)).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
      }
      key(p, "dtype", flavor);
      p.packString(a.dtype().str());
      return;
    }
    if (a.shape().length == 0) { // vla-eval: numpy scalars become plain numbers
      double x = a.toDoubles()[0];
      switch (a.dtype().kind()) {
        case 'b' -> p.packBoolean(x != 0);
        case 'f' -> p.packDouble(x);
        default -> p.packLong((long) x);
      }
      return;
    }
    p.packMapHeader(4);
    key(p, "__ndarray__", flavor);
    p.packBoolean(true);
    key(p, "data", flavor);
    p.packBinaryHeader(a.data().length).writePayload(a.data());
    key(p, "dtype", flavor);
    p.packString(a.dtype().str());
    key(p, "shape", flavor);
    p.packArrayHeader(a.shape().length);
    for (int d : a.shape()) p.packInt(d);
  }

  /** The integer scalar sign-extended (i) or zero-extended (u) to 8 little-endian bytes. */
  private static byte[] padTo8(NdArray a) {
    byte[] le = a.data().clone();
    if (a.dtype().order() == java.nio.ByteOrder.BIG_ENDIAN) {
      for (int i = 0; i < le.length / 2; i++) {
        byte t = le[i];
        le[i] = le[le.length - 1 - i];
        le[le.length - 1 - i] = t;
      }
    }
    byte[] out = Arrays.copyOf(le, 8);
    if (a.dtype().kind() == 'i' && le[le.length - 1] < 0) Arrays.fill(out, le.length, 8, (byte) 0xFF);
    return out;
  }
}
