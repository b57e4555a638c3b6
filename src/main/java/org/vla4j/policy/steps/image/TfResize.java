package org.vla4j.policy.steps.image;

/**
 * TensorFlow's {@code tf.image.resize} with {@code antialias=True} (or any non-bilinear method)
 * through {@code scale_and_translate} (translation 0),
 * reproduced in float32 operation for operation, followed by OpenVLA's conversion back to uint8
 * ({@code tf.cast(tf.clip_by_value(tf.round(x), 0, 255), tf.uint8)}, round half to even).
 *
 * <p>Per output column x (rows likewise): {@code scale = out / in} (float32), {@code invScale = 1
 * / scale}; {@code kernelScale = antialias ? max(invScale, 1) : 1} (the kernel is stretched by
 * 1/scale when downsampling); sample position {@code s = (x + 0.5)·invScale} (half-pixel centers);
 * source pixels {@code ceil(s − r·kernelScale − 0.5) .. floor(s + r·kernelScale − 0.5)} clamped to
 * the image, weight {@code k(|(i + 0.5 − s) / kernelScale|)}, weights normalized to sum 1. The
 * horizontal pass runs first (into float32), then the vertical one. Kernels: triangle {@code max(0,
 * 1 − |x|)} (radius 1) and Lanczos-3 {@code 3·sin(πx)·sin(πx/3)/(π²x²)} (radius 3, 1 for |x| ≤
 * 1e-3), with TF's float π. Plain bilinear without antialias is {@link #bilinear}.
 *
 * <p>Not bit-identical in every case: Java's {@code sin} is correctly rounded in double and then
 * rounded to float, while TF calls the C library's float {@code sinf}, and TF's compiled loops may
 * fuse multiply-adds; either can move a sum across a .5 boundary, so rare pixels differ by 1 (the
 * tests measure how often against TensorFlow itself).
 */
final class TfResize {

  /** The kernels this class supports. */
  enum Kernel {
    TRIANGLE(1.0f),
    LANCZOS3(3.0f);

    final float radius;

    Kernel(float radius) {
      this.radius = radius;
    }

    float eval(float x) {
      x = Math.abs(x);
      if (this == TRIANGLE) {
        return x < 1.0f ? 1.0f - x : 0.0f;
      }
      if (x > radius) {
        return 0.0f;
      }
      if (x <= 1e-3f) {
        return 1.0f;
      }
      final float pi = 3.14159265359f;
      float a = (float) Math.sin(pi * x);
      float b = (float) Math.sin(pi * x / radius);
      return radius * a * b / (pi * pi * x * x);
    }
  }

  /** Sampling spans of one axis: start index and span.size weights per output index. */
  record Spans(int size, int[] starts, int[] lengths, float[] weights) {}

  private TfResize() {}

  static Spans spans(int inSize, int outSize, Kernel kernel, boolean antialias) {
    float scale = (float) outSize / (float) inSize;
    float invScale = 1.0f / scale;
    float kernelScale = antialias ? Math.max(invScale, 1.0f) : 1.0f;
    int spanSize = Math.min(2 * (int) Math.ceil(kernel.radius * kernelScale) + 1, inSize);
    int[] starts = new int[outSize];
    int[] lengths = new int[outSize];
    float[] weights = new float[outSize * spanSize];
    float oneOverKernelScale = 1.0f / kernelScale;
    float[] tmp = new float[spanSize + 2];
    for (int x = 0; x < outSize; x++) {
      float colF = x + 0.5f;
      float sample = colF * invScale;
      if (sample < 0 || sample > inSize) {
        continue;
      }
      long start = (long) Math.ceil(sample - kernel.radius * kernelScale - 0.5f);
      long end = (long) Math.floor(sample + kernel.radius * kernelScale - 0.5f);
      start = Math.clamp(start, 0, inSize - 1);
      end = Math.clamp(end, 0, inSize - 1) + 1;
      int len = (int) (end - start);
      float total = 0.0f;
      for (int i = 0; i < len; i++) {
        float pos = (float) (start + i) + 0.5f - sample;
        float w = kernel.eval(Math.abs(pos * oneOverKernelScale));
        total += w;
        tmp[i] = w;
      }
      if (Math.abs(total) >= 1000.0f * Float.MIN_NORMAL) {
        float inv = 1.0f / total;
        for (int i = 0; i < len; i++) {
          weights[x * spanSize + i] = tmp[i] * inv;
        }
      }
      starts[x] = (int) start;
      lengths[x] = Math.min(len, spanSize);
    }
    return new Spans(spanSize, starts, lengths, weights);
  }

  /**
   * Resizes to {@code outH × outW}.
   *
   * @param antialias stretch the kernel when downsampling (tf's {@code antialias=True})
   */
  static RgbImage resize(RgbImage im, int outH, int outW, Kernel kernel, boolean antialias) {
    int h = im.height();
    int w = im.width();
    Spans cols = spans(w, outW, kernel, antialias);
    Spans rows = spans(h, outH, kernel, antialias);
    byte[] src = im.data();
    // horizontal pass: [h, outW, 3] float32
    float[] mid = new float[h * outW * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < outW; x++) {
        int start = cols.starts()[x];
        int len = Math.min(start + cols.size(), w) - start;
        float r = 0, g = 0, b = 0;
        int wo = x * cols.size();
        for (int i = 0; i < len; i++) {
          float wt = cols.weights()[wo + i];
          int p = (y * w + start + i) * 3;
          r += wt * (float) (src[p] & 0xFF);
          g += wt * (float) (src[p + 1] & 0xFF);
          b += wt * (float) (src[p + 2] & 0xFF);
        }
        int o = (y * outW + x) * 3;
        mid[o] = r;
        mid[o + 1] = g;
        mid[o + 2] = b;
      }
    }
    // vertical pass, accumulated row by row as TF's GatherRows does
    float[] out = new float[outH * outW * 3];
    int rowLen = outW * 3;
    for (int y = 0; y < outH; y++) {
      int start = rows.starts()[y];
      int len = Math.min(start + rows.size(), h) - start;
      int wo = y * rows.size();
      int o = y * rowLen;
      for (int i = 0; i < len; i++) {
        float wt = rows.weights()[wo + i];
        int in = (start + i) * rowLen;
        for (int k = 0; k < rowLen; k++) {
          out[o + k] += wt * mid[in + k];
        }
      }
    }
    byte[] dst = new byte[out.length];
    for (int i = 0; i < out.length; i++) {
      dst[i] = (byte) roundClip(out[i]);
    }
    return new RgbImage(outH, outW, dst);
  }

  /**
   * {@code tf.image.resize(method="bilinear", antialias=False)}, which TensorFlow runs through its
   * {@code ResizeBilinear} kernel (half-pixel centers), not {@code scale_and_translate}: per axis
   * {@code scale = in / out} (float32), {@code src = (i + 0.5)·scale − 0.5}, lower {@code =
   * max(floor(src), 0)}, upper {@code = min(ceil(src), in − 1)}, {@code lerp = src − floor(src)};
   * {@code top = tl + (tr − tl)·xl}, {@code bottom = bl + (br − bl)·xl}, {@code top + (bottom −
   * top)·yl}, all float32; then OpenVLA's round-half-even and clip to uint8.
   */
  static RgbImage bilinear(RgbImage im, int outH, int outW) {
    int h = im.height();
    int w = im.width();
    float sy = (float) h / (float) outH;
    float sx = (float) w / (float) outW;
    int[] xl = new int[outW];
    int[] xu = new int[outW];
    float[] xf = new float[outW];
    for (int x = 0; x < outW; x++) {
      float in = (x + 0.5f) * sx - 0.5f;
      float fl = (float) Math.floor(in);
      xl[x] = Math.max((int) fl, 0);
      xu[x] = Math.min((int) Math.ceil(in), w - 1);
      xf[x] = in - fl;
    }
    byte[] src = im.data();
    byte[] dst = new byte[outH * outW * 3];
    for (int y = 0; y < outH; y++) {
      float in = (y + 0.5f) * sy - 0.5f;
      float fl = (float) Math.floor(in);
      int top = Math.max((int) fl, 0);
      int bottom = Math.min((int) Math.ceil(in), h - 1);
      float yl = in - fl;
      for (int x = 0; x < outW; x++) {
        for (int c = 0; c < 3; c++) {
          float tl = src[(top * w + xl[x]) * 3 + c] & 0xFF;
          float tr = src[(top * w + xu[x]) * 3 + c] & 0xFF;
          float bl = src[(bottom * w + xl[x]) * 3 + c] & 0xFF;
          float br = src[(bottom * w + xu[x]) * 3 + c] & 0xFF;
          float t = tl + (tr - tl) * xf[x];
          float b = bl + (br - bl) * xf[x];
          dst[(y * outW + x) * 3 + c] = (byte) roundClip(t + (b - t) * yl);
        }
      }
    }
    return new RgbImage(outH, outW, dst);
  }

  /** {@code clip(round_half_even(v), 0, 255)}. */
  static int roundClip(float v) {
    double r = Math.rint(v);
    return (int) (r < 0 ? 0 : (r > 255 ? 255 : r));
  }
}
