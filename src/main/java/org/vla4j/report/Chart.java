package org.vla4j.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.IChart;

/**
 * A rendered plot: a chart and the name it is saved under.
 *
 * @param name file stem, e.g. {@code first_close_histogram}
 * @param chart the XChart chart
 */
public record Chart(String name, IChart chart) {
  /** The chart as PNG bytes. */
  public byte[] png() {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render " + name + " as PNG: " + e.getMessage(), e);
    }
  }

  /** The chart as SVG text (UTF-8 bytes), through VectorGraphics2D. */
  public byte[] svg() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render " + name + " as SVG: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /**
   * Writes {@code <dir>/<name>.png} and {@code <dir>/<name>.svg}, each complete or not at all
   * ({@link org.vla4j.runlog.JsonFiles#writeAtomic}).
   *
   * @throws UncheckedIOException naming the file and the reason
   */
  public void save(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      String reason = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
      throw new UncheckedIOException("cannot create " + dir + ": " + reason, e);
    }
    org.vla4j.runlog.JsonFiles.writeAtomic(dir.resolve(name + ".png"), png());
    org.vla4j.runlog.JsonFiles.writeAtomic(dir.resolve(name + ".svg"), svg());
  }
}
