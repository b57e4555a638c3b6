package org.vla4j.policy.remote.wire;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * A numpy dtype from the allow-list: bool, signed and unsigned integers, and floats, as numpy's
 * {@code dtype.str} spells them ({@code "|b1"}, {@code "|u1"}, {@code "<i8"}, {@code "<f4"},
 * {@code ">f8"}…). Object ({@code O}), void ({@code V}), complex ({@code c}), string, datetime and
 * every other kind are refused, as allenai/vla-evaluation-harness's {@code numpy_codec} (kinds
 * {@code biuf}) and openpi's {@code msgpack_numpy} (no {@code V}, {@code O}, {@code c}) do.
 *
 * @param kind numpy kind character: {@code b} bool, {@code i} signed int, {@code u} unsigned int,
 *     {@code f} float
 * @param size item size in bytes: 1 for b; 1, 2, 4, 8 for i and u; 2, 4, 8 for f
 * @param order byte order of the raw data (irrelevant for 1-byte types, which numpy spells {@code |})
 */
public record DType(char kind, int size, ByteOrder order) {
  /** Valid spellings, for error messages. */
  public static final String VALID =
      "bool/int/uint/float numpy dtype strings such as |b1, |u1, |i1, <u2, <i2, <i4, <u4, <i8, <u8, <f2, <f4, <f8"
          + " (or > for big-endian), or the names bool, uint8, int8, uint16, int16, uint32, int32, uint64, int64,"
          + " float16, float32, float64";

  public static final DType BOOL = new DType('b', 1, ByteOrder.LITTLE_ENDIAN);
  public static final DType UINT8 = new DType('u', 1, ByteOrder.LITTLE_ENDIAN);
  public static final DType INT64 = new DType('i', 8, ByteOrder.LITTLE_ENDIAN);
  public static final DType FLOAT32 = new DType('f', 4, ByteOrder.LITTLE_ENDIAN);
  public static final DType FLOAT64 = new DType('f', 8, ByteOrder.LITTLE_ENDIAN);

  private static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("bool", "|b1"), Map.entry("uint8", "|u1"), Map.entry("int8", "|i1"), Map.entry("uint16", "<u2"),
      Map.entry("int16", "<i2"), Map.entry("uint32", "<u4"), Map.entry("int32", "<i4"), Map.entry("uint64", "<u8"),
      Map.entry("int64", "<i8"), Map.entry("float16", "<f2"), Map.entry("float32", "<f4"), Map.entry("float64", "<f8"));

  /** @throws WireException for a kind or size outside the allow-list */
  public DType {
    boolean ok = switch (kind) {
      case 'b' -> size == 1;
      case 'i', 'u' -> List.of(1, 2, 4, 8).contains(size);
      case 'f' -> List.of(2, 4, 8).contains(size);
      default -> false;
    };
    if (!ok) throw new WireException("dtype kind '" + kind + "' size " + size + " is not allowed; valid: " + VALID);
    if (size == 1) order = ByteOrder.LITTLE_ENDIAN; // one canonical value for byte types
  }

  /**
   * Parses numpy's {@code dtype.str} ({@code [<>|=]kind size}) or a plain name such as {@code
   * float32}. {@code =} means the sender's native order, taken as little-endian (every platform the
   * reference servers run on).
   *
   * @throws WireException naming the string and listing the valid spellings, for object, void,
   *     complex, string or unknown dtypes
   */
  public static DType parse(String s) {
    if (s == null) throw new WireException("missing dtype; valid: " + VALID);
    String str = NAMES.getOrDefault(s, s);
    if (str.length() < 2 || "<>|=".indexOf(str.charAt(0)) < 0) {
      throw new WireException("unknown dtype '" + s + "'; valid: " + VALID);
    }
    char kind = str.charAt(1);
    if ("biuf".indexOf(kind) < 0) {
      String what = switch (kind) {
        case 'O' -> "object";
        case 'V' -> "void (raw/structured)";
        case 'c' -> "complex";
        case 'U', 'S' -> "string";
        case 'M', 'm' -> "datetime";
        default -> "unknown";
      };
      throw new WireException("dtype '" + s + "' (" + what + ") is not allowed; valid: " + VALID);
    }
    int size;
    try {
      size = Integer.parseInt(str.substring(2));
    } catch (NumberFormatException e) {
      throw new WireException("unknown dtype '" + s + "'; valid: " + VALID);
    }
    ByteOrder order = str.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    try {
      return new DType(kind, size, order);
    } catch (WireException e) {
      throw new WireException("dtype '" + s + "' is not allowed; valid: " + VALID);
    }
  }

  /** numpy's {@code dtype.str}: {@code |} for one-byte types, else {@code <} or {@code >}. */
  public String str() {
    char o = size == 1 ? '|' : (order == ByteOrder.BIG_ENDIAN ? '>' : '<');
    return "" + o + kind + size;
  }
}
