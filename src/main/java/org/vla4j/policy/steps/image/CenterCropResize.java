package org.vla4j.policy.steps.image;

/**
 * OpenVLA's center crop (arXiv:2406.09246; {@code crop_and_resize} in its robot eval utilities),
 * reproduced in float32:
 *
 * <ol>
 *   <li>uint8 → float32 in [0, 1]: {@code x · float32(1/255)} ({@code tf.image.convert_image_dtype}).
 *   <li>box side {@code s = clip(sqrt(float32(scale)), 0, 1)}, offset {@code (1 − s)/2}, box
 *       {@code [off, off, off + s, off + s]} in normalized coordinates.
 *   <li>{@code tf.image.crop_and_resize} back to H × W, bilinear: output row y samples {@code in_y
 *       = y1·(H − 1) + y·(y2 − y1)·(H − 1)/(H − 1)}, interpolating the four neighbours as {@code
 *       top + (bottom − top)·lerp}.
 *   <li>clip to [0, 1]; float32 → uint8 as {@code convert_image_dtype(saturate=True)}: {@code
 *       trunc(clip(x · 255.5, 0, 255))}.
 * </ol>
 */
final class CenterCropResize {
  private CenterCropResize() {}

  static RgbImage apply(RgbImage im, double areaScale) {
    int h = im.height();
    int w = im.width();
    float side = (float) Math.sqrt((float) areaScale);
    side = Math.min(1.0f, Math.max(0.0f, side));
    float off = (1.0f - side) / 2.0f;
    float y1 = off;
    float x1 = off;
    float y2 = off + side;
    float x2 = off + side;
    float toFloat = (float) (1.0 / 255.0);
    byte[] src = im.data();
    float[] img = new float[src.length];
    for (int i = 0; i < src.length; i++) {
      img[i] = (float) (src[i] & 0xFF) * toFloat;
    }
    float hScale = h > 1 ? (y2 - y1) * (float) (h - 1) / (float) (h - 1) : 0;
    float wScale = w > 1 ? (x2 - x1) * (float) (w - 1) / (float) (w - 1) : 0;
    byte[] dst = new byte[src.length];
    for (int y = 0; y < h; y++) {
      float inY = h > 1 ? y1 * (float) (h - 1) + y * hScale : 0.5f * (y1 + y2) * (float) (h - 1);
      if (inY < 0 || inY > h - 1) {
        continue; // extrapolation value 0
      }
      int top = (int) Math.floor(inY);
      int bottom = (int) Math.ceil(inY);
      float yl = inY - top;
      for (int x = 0; x < w; x++) {
        float inX = w > 1 ? x1 * (float) (w - 1) + x * wScale : 0.5f * (x1 + x2) * (float) (w - 1);
        if (inX < 0 || inX > w - 1) {
          continue;
        }
        int left = (int) Math.floor(inX);
        int right = (int) Math.ceil(inX);
        float xl = inX - left;
        for (int c = 0; c < 3; c++) {
          float tl = img[(top * w + left) * 3 + c];
          float tr = img[(top * w + right) * 3 + c];
          float bl = img[(bottom * w + left) * 3 + c];
          float br = img[(bottom * w + right) * 3 + c];
          float t = tl + (tr - tl) * xl;
          float b = bl + (br - bl) * xl;
          float v = t + (b - t) * yl;
          v = Math.min(1.0f, Math.max(0.0f, v));
          float s = v * 255.5f;
          s = Math.min(255.0f, Math.max(0.0f, s));
          dst[(y * w + x) * 3 + c] = (byte) (int) s;
        }
      }
    }
    return new RgbImage(h, w, dst);
  }
}
