package org.vla4j.runlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The one Jackson configuration of vla4j's run files and command outputs, and the run folder's
 * pretty-printed JSON files ({@code config.json}, {@code summary.json}, drill matrices, monitor
 * scores): writes go through a temporary file and a rename.
 */
public final class JsonFiles {
  /** Jackson's defaults, pretty-printed: for files. */
  public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The same configuration on one line: for JSONL output. */
  public static final ObjectWriter LINE = MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

  private JsonFiles() {}

  /**
   * Writes {@code node}, pretty-printed, through {@link #writeAtomic}.
   *
   * @throws UncheckedIOException naming {@code file} and the reason (e.g. {@code No space left on device})
   */
  public static void write(Path file, JsonNode node) {
    String text;
    try {
      text = MAPPER.writeValueAsString(node) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    writeAtomic(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code bytes} to {@code file} through {@code <file>.tmp} and an atomic rename, so that
   * {@code file} is either its old self or complete. When the write fails (a full disk, a read-only
   * folder) the temporary file is deleted: nothing half-written, not even an empty {@code .tmp}, stays.
   *
   * @throws UncheckedIOException with the message {@code cannot write FILE: REASON}
   */
  public static void writeAtomic(Path file, byte[] bytes) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the first failure is the one to report
      }
      throw new UncheckedIOException("cannot write " + file + ": " + reason(e), e);
    }
  }

  /** The reason alone: {@code No space left on device}, not the path again. */
  private static String reason(IOException e) {
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
    if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** @throws IllegalArgumentException if the file is unreadable or not JSON */
  public static JsonNode read(Path file) {
    try {
      try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) { // NIO: the failure says why (IoErrors)
        return MAPPER.readTree(in);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + " as JSON: " + IoErrors.reason(e), e);
    }
  }
}
