package org.vla4j.policy.image;

/** Exact pixel rearrangements: 180° rotation and row flip. */
final class Geometry {
  private Geometry() {}

  /** {@code img[::-1, ::-1]}: pixel (y, x) ← (H−1−y, W−1−x). */
  static RgbImage rotate180(RgbImage im) {
    byte[] src = im.data();
    byte[] dst = new byte[src.length];
    int n = im.height() * im.width();
    for (int p = 0; p < n; p++) {
      int q = n - 1 - p;
      dst[p * 3] = src[q * 3];
      dst[p * 3 + 1] = src[q * 3 + 1];
      dst[p * 3 + 2] = src[q * 3 + 2];
    }
    return new RgbImage(im.height(), im.width(), dst);
  }

  /** {@code img[::-1]}: row y ← row H−1−y. */
  static RgbImage flipRows(RgbImage im) {
    byte[] src = im.data();
    byte[] dst = new byte[src.length];
    int row = im.width() * 3;
    for (int y = 0; y < im.height(); y++) {
      System.arraycopy(src, (im.height() - 1 - y) * row, dst, y * row, row);
    }
    return new RgbImage(im.height(), im.width(), dst);
  }
}
