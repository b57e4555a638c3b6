package org.vla4j.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * PNG for {@code [H, W, 3] uint8} RGB frames, rows in the order given (vla4j stores frames as the
 * env gives them: bottom-up rows, the "opengl" convention, so row 0 of the PNG is the bottom of the
 * scene). Written with {@code java.util.zip} only, so the collector needs no {@code java.desktop}
 * (ImageIO) in a jlink'ed runtime; output is deterministic (fixed filter, fixed deflate level).
 *
 * <p>Encoding: 8-bit truecolor, no interlace, filter "Up" on every row but the first ("Sub"),
 * deflate level 6. {@link #decodeRgb} reads back exactly what {@link #encodeRgb} writes (any
 * filter types, one or more IDAT chunks; 8-bit RGB only).
 */
public final class Png {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private Png() {}

  /**
   * @param rgb {@code [height, width, 3] uint8}, row-major
   * @return the PNG file's bytes
   */
  public static byte[] encodeRgb(byte[] rgb, int width, int height) {
    int stride = width * 3;
    if (rgb.length != stride * height) {
      throw new IllegalArgumentException("expected " + stride * height + " bytes for " + width + "x" + height + " RGB, got " + rgb.length);
    }
    byte[] raw = new byte[(stride + 1) * height];
    for (int y = 0; y < height; y++) {
      int o = y * (stride + 1), r = y * stride;
      if (y == 0) {
        raw[o] = 1; // Sub
        for (int x = 0; x < stride; x++) raw[o + 1 + x] = (byte) (rgb[r + x] - (x >= 3 ? rgb[r + x - 3] : 0));
      } else {
        raw[o] = 2; // Up
        for (int x = 0; x < stride; x++) raw[o + 1 + x] = (byte) (rgb[r + x] - rgb[r - stride + x]);
      }
    }
    Deflater deflater = new Deflater(6);
    deflater.setInput(raw);
    deflater.finish();
    ByteArrayOutputStream z = new ByteArrayOutputStream(raw.length / 2 + 64);
    byte[] buf = new byte[1 << 16];
    while (!deflater.finished()) z.write(buf, 0, deflater.deflate(buf));
    deflater.end();
    ByteArrayOutputStream out = new ByteArrayOutputStream(z.size() + 64);
    out.writeBytes(SIGNATURE);
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", z.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** A decoded 8-bit RGB PNG: {@code [height, width, 3] uint8} in file row order. */
  public record Rgb(int width, int height, byte[] pixels) {}

  /**
   * Decodes an 8-bit RGB, non-interlaced PNG.
   *
   * @throws IllegalArgumentException if the bytes are not such a PNG
   */
  public static Rgb decodeRgb(byte[] png) {
    ByteBuffer b = ByteBuffer.wrap(png);
    for (byte s : SIGNATURE) if (b.get() != s) throw new IllegalArgumentException("not a PNG");
    int width = -1, height = -1;
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    while (b.remaining() >= 12) {
      int len = b.getInt();
      byte[] t = new byte[4];
      b.get(t);
      byte[] data = new byte[len];
      b.get(data);
      b.getInt(); // CRC
      String type = new String(t, StandardCharsets.US_ASCII);
      if (type.equals("IHDR")) {
        ByteBuffer h = ByteBuffer.wrap(data);
        width = h.getInt();
        height = h.getInt();
        if (h.get() != 8 || h.get() != 2 || h.get() != 0 || h.get() != 0 || h.get() != 0) {
          throw new IllegalArgumentException("only 8-bit RGB non-interlaced PNGs are supported");
        }
      } else if (type.equals("IDAT")) {
        idat.writeBytes(data);
      } else if (type.equals("IEND")) {
        break;
      }
    }
    if (width < 0) throw new IllegalArgumentException("PNG without IHDR");
    int stride = width * 3;
    byte[] raw = new byte[(stride + 1) * height];
    Inflater inf = new Inflater();
    inf.setInput(idat.toByteArray());
    try {
      int n = 0;
      while (n < raw.length && !inf.finished()) {
        int k = inf.inflate(raw, n, raw.length - n);
        if (k == 0 && (inf.needsInput() || inf.needsDictionary())) break;
        n += k;
      }
      if (n != raw.length) throw new IllegalArgumentException("PNG image data is truncated");
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("corrupt PNG image data: " + e.getMessage());
    } finally {
      inf.end();
    }
    byte[] px = new byte[stride * height];
    for (int y = 0; y < height; y++) {
      int f = raw[y * (stride + 1)], o = y * (stride + 1) + 1, r = y * stride;
      for (int x = 0; x < stride; x++) {
        int a = x >= 3 ? px[r + x - 3] & 0xff : 0;
        int up = y > 0 ? px[r - stride + x] & 0xff : 0;
        int c = x >= 3 && y > 0 ? px[r - stride + x - 3] & 0xff : 0;
        int v = raw[o + x] & 0xff;
        int pred = switch (f) {
          case 0 -> 0;
          case 1 -> a;
          case 2 -> up;
          case 3 -> (a + up) >>> 1;
          case 4 -> paeth(a, up, c);
          default -> throw new IllegalArgumentException("bad PNG filter type " + f);
        };
        px[r + x] = (byte) (v + pred);
      }
    }
    return new Rgb(width, height, px);
  }

  private static int paeth(int a, int b, int c) {
    int p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  }
}
