package org.vla4j.policy.remote.wire;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.vla4j.policy.steps.image.RgbImage;

/**
 * vla-eval's image transport (allenai/vla-evaluation-harness {@code protocol/image_codec.py}): an
 * HWC uint8 image as {@code {"__image__": True, "format": "raw"|"png"|"jpeg", "data": bytes,
 * "shape": [H, W, C]}}, with {@code "dtype"} for raw. PNG is lossless; JPEG (quality 95 in the
 * harness) is lossy and decoded here with the JDK's ImageIO, whose IDCT may differ from Pillow's
 * libjpeg by a level or so per pixel. Only 3-channel RGB is supported on decode.
 */
public final class Images {
  /** Valid formats, for messages. */
  public static final List<String> FORMATS = List.of("raw", "png", "jpeg");

  /** Upper bound on decoded pixels (H·W), so a tiny PNG cannot expand into gigabytes. */
  public static final long MAX_PIXELS = 4096L * 4096L;

  private Images() {}

  /**
   * An image ready to be packed as vla-eval's image map.
   *
   * @param format raw, png or jpeg
   * @param data encoded bytes (raw: {@code H·W·3} uint8)
   * @param height H
   * @param width W
   */
  public record Encoded(String format, byte[] data, int height, int width) {
    /** The map as the harness writes it (raw carries a dtype). */
    public Map<Object, Object> asMap() {
      Map<Object, Object> m = new LinkedHashMap<>();
      m.put("__image__", true);
      m.put("format", format);
      m.put("data", data);
      if (format.equals("raw")) m.put("dtype", "|u1");
      m.put("shape", List.of(height, width, 3));
      return m;
    }
  }

  /**
   * Encodes an image as raw, png (lossless) or jpeg (quality 95).
   *
   * @throws IllegalArgumentException for another format (message lists the valid ones)
   */
  public static Encoded encode(RgbImage im, String format) {
    return switch (format) {
      case "raw" -> new Encoded("raw", im.data(), im.height(), im.width());
      case "png", "jpeg" -> new Encoded(format, compress(im, format), im.height(), im.width());
      default -> throw new IllegalArgumentException("unknown image format '" + format + "'; valid: " + FORMATS);
    };
  }

  private static byte[] compress(RgbImage im, String format) {
    BufferedImage b = new BufferedImage(im.width(), im.height(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < im.height(); y++) {
      for (int x = 0; x < im.width(); x++) {
        b.setRGB(x, y, im.get(y, x, 0) << 16 | im.get(y, x, 1) << 8 | im.get(y, x, 2));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (format.equals("jpeg")) {
        var w = ImageIO.getImageWritersByFormatName("jpeg").next();
        var p = w.getDefaultWriteParam();
        p.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.95f);
        try (var ios = ImageIO.createImageOutputStream(out)) {
          w.setOutput(ios);
          w.write(null, new javax.imageio.IIOImage(b, null, null), p);
        } finally {
          w.dispose();
        }
      } else {
        ImageIO.write(b, "png", out);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** Decodes an {@code __image__} map into a {@code [H, W, 3] |u1} {@link NdArray}. */
  static NdArray decode(Map<Object, Object> m) {
    Object f = Msgpack.get(m, "format");
    String format = f instanceof String s ? s : f instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : null;
    if (format == null || !FORMATS.contains(format)) {
      throw new WireException("__image__ 'format' " + (format == null ? "missing" : "'" + format + "'") + "; valid: " + FORMATS);
    }
    Object d = Msgpack.get(m, "data");
    if (!(d instanceof byte[] data)) throw new WireException("__image__ 'data' must be bytes, got " + Msgpack.typeName(d));
    if (format.equals("raw")) {
      return new NdArray(DType.parse(Msgpack.dtypeString(Msgpack.get(m, "dtype"))), Msgpack.shape(Msgpack.get(m, "shape")), data);
    }
    BufferedImage b;
    try {
      var iis = ImageIO.createImageInputStream(new ByteArrayInputStream(data));
      var readers = ImageIO.getImageReaders(iis);
      if (!readers.hasNext()) throw new WireException("__image__ data is not a decodable " + format + " image");
      var r = readers.next();
      try {
        r.setInput(iis);
        long px = (long) r.getWidth(0) * r.getHeight(0);
        if (px > MAX_PIXELS) throw new WireException("__image__ of " + r.getWidth(0) + "x" + r.getHeight(0) + " exceeds " + MAX_PIXELS + " pixels");
        b = r.read(0);
      } finally {
        r.dispose();
      }
    } catch (IOException e) {
      throw new WireException("__image__ data is not a decodable " + format + " image: " + e.getMessage());
    }
    int h = b.getHeight();
    int w = b.getWidth();
    if (b.getColorModel().getNumComponents() != 3 || b.getColorModel().hasAlpha()) {
      throw new WireException("__image__ " + format + " must be 3-channel RGB, got " + b.getColorModel().getNumComponents() + " channels");
    }
    Object shape = Msgpack.get(m, "shape");
    if (shape != null && !Arrays.equals(Msgpack.shape(shape), new int[] {h, w, 3})) {
      throw new WireException("__image__ 'shape' " + shape + " does not match the decoded " + format + " image [" + h + ", " + w + ", 3]");
    }
    byte[] rgb = new byte[h * w * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = b.getRGB(x, y);
        int o = (y * w + x) * 3;
        rgb[o] = (byte) (p >> 16);
        rgb[o + 1] = (byte) (p >> 8);
        rgb[o + 2] = (byte) p;
      }
    }
    return new NdArray(DType.UINT8, new int[] {h, w, 3}, rgb);
  }
}
