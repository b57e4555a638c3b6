package org.vla4j.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes simulator frames as pictures for people. */
public final class ImageFiles {
  private ImageFiles() {}

  /**
   * Converts an RGB frame to a {@link BufferedImage}.
   *
   * @param rgb {@code [H, W, 3] uint8}, row-major
   * @param bottomUp true if rows are bottom-up as MuJoCo's {@code glReadPixels} gives them (the
   *     "opengl" convention): they are flipped so the picture is upright
   */
  public static BufferedImage toImage(byte[] rgb, int width, int height, boolean bottomUp) {
    if (rgb.length != width * height * 3) {
      throw new IllegalArgumentException("expected " + width * height * 3 + " bytes for " + width + "x" + height + ", got " + rgb.length);
    }
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int row = 0; row < height; row++) {
      int y = bottomUp ? height - 1 - row : row;
      for (int x = 0; x < width; x++) {
        int i = (row * width + x) * 3;
        img.setRGB(x, y, (rgb[i] & 0xff) << 16 | (rgb[i + 1] & 0xff) << 8 | (rgb[i + 2] & 0xff));
      }
    }
    return img;
  }

  /** Writes a frame as PNG (upright), creating parent folders. */
  public static void writePng(byte[] rgb, int width, int height, boolean bottomUp, Path out) {
    try {
      if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
      java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
      if (!ImageIO.write(toImage(rgb, width, height, bottomUp), "png", png)) {
        throw new IOException("no PNG writer");
      }
      org.vla4j.runlog.JsonFiles.writeAtomic(out, png.toByteArray()); // complete or absent, never half a frame
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
  }
}
