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

  public static void write(Path file, JsonNode node) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, MAPPER.writeValueAsString(node) + "\n");
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** @throws IllegalArgumentException if the file is unreadable or not JSON */
  public static JsonNode read(Path file) {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + " as JSON: " + e.getMessage(), e);
    }
  }
}
