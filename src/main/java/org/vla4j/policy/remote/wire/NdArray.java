package org.vla4j.policy.remote.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.vla4j.policy.steps.image.RgbImage;

/**
 * A numpy array as the wire formats carry it: a dtype, a shape and the raw C-order bytes ({@code
 * arr.tobytes()}) in the dtype's byte order. Shape {@code []} is a 0-d array (a numpy scalar).
 * The arrays are not copied.
 *
 * @param dtype element type from the allow-list
 * @param shape dimensions, each ≥ 0; {@code []} for a scalar
 * @param data {@code product(shape) · dtype.size()} bytes
 */
public record NdArray(DType dtype, int[] shape, byte[] data) {

  /** @throws WireException if a dimension is negative or the data length does not match the shape */
  public NdArray {
    if (dtype == null || shape == null || data == null) throw new WireException("ndarray needs dtype, shape and data");
    long n = 1;
    for (int d : shape) {
      if (d < 0) throw new WireException("ndarray shape " + Arrays.toString(shape) + " has a negative dimension");
      n = Math.multiplyExact(n, (long) d);
      if (n > Integer.MAX_VALUE) throw new WireException("ndarray shape " + Arrays.toString(shape) + " is too large");
    }
    if (n * dtype.size() != data.length) {
      throw new WireException("ndarray of shape " + Arrays.toString(shape) + " and dtype " + dtype.str() + " needs "
          + n * dtype.size() + " bytes, got " + data.length);
    }
  }

  /** Number of elements, {@code product(shape)} (1 for a scalar). */
  public int size() {
    return data.length / dtype.size();
  }

  /** A float64 ({@code <f8}) array of {@code values} with the given shape (default: 1-D). */
  public static NdArray ofFloat64(double[] values, int... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) b.putDouble(v);
    return new NdArray(DType.FLOAT64, shape.length == 0 ? new int[] {values.length} : shape.clone(), b.array());
  }

  /** A float32 ({@code <f4}) array; each value rounded to float. */
  public static NdArray ofFloat32(double[] values, int... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) b.putFloat((float) v);
    return new NdArray(DType.FLOAT32, shape.length == 0 ? new int[] {values.length} : shape.clone(), b.array());
  }

  /** The image as a {@code [H, W, 3] |u1} array (shares the bytes). */
  public static NdArray ofImage(RgbImage im) {
    return new NdArray(DType.UINT8, new int[] {im.height(), im.width(), 3}, im.data());
  }

  /**
   * The array as an RGB image.
   *
   * @param what the key it came from, for the error message
   * @throws WireException unless the array is {@code [H, W, 3]} uint8 with H, W ≥ 1
   */
  public RgbImage toImage(String what) {
    if (!dtype.equals(DType.UINT8) || shape.length != 3 || shape[2] != 3 || shape[0] < 1 || shape[1] < 1) {
      throw new WireException("'" + what + "' must be an [H, W, 3] uint8 (|u1) image, got shape " + Arrays.toString(shape)
          + " dtype " + dtype.str());
    }
    return new RgbImage(shape[0], shape[1], data);
  }

  /** Every element converted to double, C order (bools as 0/1, uint64 as unsigned). */
  public double[] toDoubles() {
    ByteBuffer b = ByteBuffer.wrap(data).order(dtype.order());
    double[] out = new double[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = switch (dtype.kind()) {
        case 'b' -> b.get() != 0 ? 1.0 : 0.0;
        case 'f' -> switch (dtype.size()) {
          case 2 -> Float.float16ToFloat(b.getShort());
          case 4 -> b.getFloat();
          default -> b.getDouble();
        };
        case 'i' -> switch (dtype.size()) {
          case 1 -> b.get();
          case 2 -> b.getShort();
          case 4 -> b.getInt();
          default -> (double) b.getLong();
        };
        default -> switch (dtype.size()) { // 'u'
          case 1 -> b.get() & 0xFF;
          case 2 -> b.getShort() & 0xFFFF;
          case 4 -> b.getInt() & 0xFFFFFFFFL;
          default -> unsigned(b.getLong());
        };
      };
    }
    return out;
  }

  private static double unsigned(long v) {
    return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
  }

  /**
   * A numeric vector of exactly {@code n} elements (shape {@code [n]}).
   *
   * @throws WireException naming {@code what}, the expected length and the shape received
   */
  public double[] toVector(String what, int n) {
    if (shape.length != 1 || shape[0] != n) {
      throw new WireException("'" + what + "' must be a " + n + "-element vector, got shape " + Arrays.toString(shape));
    }
    return toDoubles();
  }

  /** Same dtype, shape and bytes. */
  public boolean sameAs(NdArray o) {
    return o != null && dtype.equals(o.dtype) && Arrays.equals(shape, o.shape) && Arrays.equals(data, o.data);
  }

  @Override
  public String toString() {
    return "ndarray(" + dtype.str() + ", " + Arrays.toString(shape) + ")";
  }
}
