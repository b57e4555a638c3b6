package org.vla4j.policy.steps.image;

/**
 * Pillow's {@code Image.resize(size, Image.BILINEAR)} for 8-bit RGB, reproduced exactly (Pillow's
 * {@code Resample.c}): per axis, {@code scale = in / out}, {@code filterscale = max(scale, 1)},
 * support {@code = 1·filterscale}; output pixel x centers at {@code (x + 0.5)·scale}; source
 * pixels {@code (int)(center − support + 0.5) .. (int)(center + support + 0.5)} clipped to the
 * image, weights {@code max(0, 1 − |(i − center + 0.5)/filterscale|)} normalized to sum 1, then
 * converted to 22-bit fixed point; horizontal pass first with its result rounded and clipped to
 * uint8, then the vertical pass. An axis whose size does not change is not resampled.
 *
 * <p>Also openpi's {@code resize_with_pad} built on it.
 */
final class PilResize {

  private static final int PRECISION_BITS = 32 - 8 - 2;

  private PilResize() {}

  /** Fixed-point coefficients of one axis: per output index, first source index and weights. */
  private record Coeffs(int ksize, int[] bounds, int[] kk) {}

  private static Coeffs coeffs(int inSize, int outSize) {
    double scale = (double) inSize / outSize;
    double filterscale = Math.max(scale, 1.0);
    double support = 1.0 * filterscale;
    int ksize = (int) Math.ceil(support) * 2 + 1;
    int[] bounds = new int[outSize * 2];
    int[] kk = new int[outSize * ksize];
    double[] k = new double[ksize];
    for (int xx = 0; xx < outSize; xx++) {
      double center = (xx + 0.5) * scale;
      double ww = 0.0;
      double ss = 1.0 / filterscale;
      int xmin = (int) (center - support + 0.5);
      if (xmin < 0) {
        xmin = 0;
      }
      int xmax = (int) (center + support + 0.5);
      if (xmax > inSize) {
        xmax = inSize;
      }
      xmax -= xmin;
      for (int x = 0; x < xmax; x++) {
        double w = bilinear((x + xmin - center + 0.5) * ss);
        k[x] = w;
        ww += w;
      }
      for (int x = 0; x < xmax; x++) {
        double v = ww != 0.0 ? k[x] / ww : k[x];
        kk[xx * ksize + x] =
            v < 0 ? (int) (-0.5 + v * (1 << PRECISION_BITS)) : (int) (0.5 + v * (1 << PRECISION_BITS));
      }
      bounds[xx * 2] = xmin;
      bounds[xx * 2 + 1] = xmax;
    }
    return new Coeffs(ksize, bounds, kk);
  }

  private static double bilinear(double x) {
    if (x < 0.0) {
      x = -x;
    }
    return x < 1.0 ? 1.0 - x : 0.0;
  }

  private static int clip8(int in) {
    if (in >= (1 << PRECISION_BITS << 8)) {
      return 255;
    }
    if (in <= 0) {
      return 0;
    }
    return in >> PRECISION_BITS;
  }

  /** PIL bilinear resize of {@code im} to {@code outH × outW}. */
  static RgbImage bilinear(RgbImage im, int outH, int outW) {
    int h = im.height();
    int w = im.width();
    byte[] cur = im.data();
    if (outW != w) {
      Coeffs c = coeffs(w, outW);
      byte[] dst = new byte[h * outW * 3];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < outW; x++) {
          int xmin = c.bounds()[x * 2];
          int xmax = c.bounds()[x * 2 + 1];
          int ko = x * c.ksize();
          int s0 = 1 << (PRECISION_BITS - 1);
          int s1 = s0;
          int s2 = s0;
          for (int i = 0; i < xmax; i++) {
            int p = (y * w + xmin + i) * 3;
            int k = c.kk()[ko + i];
            s0 += (cur[p] & 0xFF) * k;
            s1 += (cur[p + 1] & 0xFF) * k;
            s2 += (cur[p + 2] & 0xFF) * k;
          }
          int o = (y * outW + x) * 3;
          dst[o] = (byte) clip8(s0);
          dst[o + 1] = (byte) clip8(s1);
          dst[o + 2] = (byte) clip8(s2);
        }
      }
      cur = dst;
      w = outW;
    }
    if (outH != h) {
      Coeffs c = coeffs(h, outH);
      byte[] dst = new byte[outH * w * 3];
      for (int y = 0; y < outH; y++) {
        int ymin = c.bounds()[y * 2];
        int ymax = c.bounds()[y * 2 + 1];
        int ko = y * c.ksize();
        for (int x = 0; x < w * 3; x++) {
          int s = 1 << (PRECISION_BITS - 1);
          for (int i = 0; i < ymax; i++) {
            s += (cur[(ymin + i) * w * 3 + x] & 0xFF) * c.kk()[ko + i];
          }
          dst[y * w * 3 + x] = (byte) clip8(s);
        }
      }
      cur = dst;
    }
    return new RgbImage(outH, outW, cur == im.data() ? cur.clone() : cur);
  }

  /**
   * openpi {@code _resize_with_pad_pil}: {@code ratio = max(W/width, H/height)}; resize to
   * {@code (int(H/ratio), int(W/ratio))} with PIL bilinear; paste on a black {@code height × width}
   * canvas at offset {@code (int((height − h')/2), int((width − w')/2))}. Same size → a copy.
   */
  static RgbImage resizeWithPad(RgbImage im, int height, int width) {
    if (im.height() == height && im.width() == width) {
      return new RgbImage(height, width, im.data().clone());
    }
    double ratio = Math.max((double) im.width() / width, (double) im.height() / height);
    int rh = (int) (im.height() / ratio);
    int rw = (int) (im.width() / ratio);
    RgbImage resized = bilinear(im, rh, rw);
    int padH = Math.max(0, (int) ((height - rh) / 2.0));
    int padW = Math.max(0, (int) ((width - rw) / 2.0));
    byte[] dst = new byte[height * width * 3];
    for (int y = 0; y < rh && y + padH < height; y++) {
      int n = Math.min(rw, width - padW) * 3;
      System.arraycopy(resized.data(), y * rw * 3, dst, ((y + padH) * width + padW) * 3, n);
    }
    return new RgbImage(height, width, dst);
  }
}
