package org.vla4j.policy.steps.image;

/**
 * An RGB image {@code [H, W, 3] uint8}, row-major HWC: byte {@code (y·W + x)·3 + c} is channel c
 * of pixel (row y from the top, column x from the left), values 0..255 stored as Java bytes.
 *
 * <p>The array is not copied (images are large and pass through many steps); steps never modify
 * their input and always return a new image.
 *
 * @param height H, rows, ≥ 1
 * @param width W, columns, ≥ 1
 * @param data {@code H·W·3} bytes
 */
public record RgbImage(int height, int width, byte[] data) {

  /** @throws IllegalArgumentException on non-positive sizes or a data length ≠ H·W·3 */
  public RgbImage {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
    }
    if (data == null || data.length != height * width * 3) {
      throw new IllegalArgumentException(
          "image " + height + "x" + width + "x3 needs " + (height * width * 3) + " bytes, got "
              + (data == null ? "null" : data.length));
    }
  }

  /** A black image. */
  public static RgbImage blank(int height, int width) {
    return new RgbImage(height, width, new byte[height * width * 3]);
  }

  /** Channel {@code c} of pixel (y, x), 0..255. */
  public int get(int y, int x, int c) {
    return data[(y * width + x) * 3 + c] & 0xFF;
  }
}
