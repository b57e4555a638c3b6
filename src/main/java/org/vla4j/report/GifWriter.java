package org.vla4j.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Writes an animated GIF (looping) with the JDK's ImageIO GIF writer; no extra library. */
public final class GifWriter {
  private GifWriter() {}

  /**
   * Writes {@code frames} as an animated GIF that loops forever.
   *
   * @param frames the frames, non-empty, all the same size, upright
   * @param delayMs time per frame, milliseconds (rounded to 10 ms, the GIF unit), ≥ 10
   * @throws IllegalArgumentException if there are no frames
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(List<BufferedImage> frames, int delayMs, Path out) {
    if (frames.isEmpty()) throw new IllegalArgumentException("a GIF needs at least one frame");
    try {
      if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
      Files.deleteIfExists(out);
      ImageWriter w = ImageIO.getImageWritersByFormatName("gif").next();
      try (ImageOutputStream ios = ImageIO.createImageOutputStream(out.toFile())) {
        w.setOutput(ios);
        ImageWriteParam param = w.getDefaultWriteParam();
        ImageTypeSpecifier type = ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_INT_RGB);
        IIOMetadata meta = w.getDefaultImageMetadata(type, param);
        String fmt = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(fmt);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(Math.max(1, delayMs / 10)));
        gce.setAttribute("transparentColorIndex", "0");
        IIOMetadataNode apps = child(root, "ApplicationExtensions");
        IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
        app.setAttribute("applicationID", "NETSCAPE");
        app.setAttribute("authenticationCode", "2.0");
        app.setUserObject(new byte[] {1, 0, 0}); // loop forever
        apps.appendChild(app);
        meta.setFromTree(fmt, root);
        w.prepareWriteSequence(null);
        for (BufferedImage f : frames) w.writeToSequence(new IIOImage(f, null, meta), param);
        w.endWriteSequence();
      } finally {
        w.dispose();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equalsIgnoreCase(name)) return (IIOMetadataNode) root.item(i);
    }
    IIOMetadataNode n = new IIOMetadataNode(name);
    root.appendChild(n);
    return n;
  }
}
