package org.vla4j.sim.libero;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The LIBERO test data in {@code ../shared/libero} (never copied into the repository). Tests that need
 * it call {@link #paths()}: when the folder is absent they are skipped, unless {@code CI=true}, where
 * they fail with a message saying what is missing.
 */
public final class SharedLibero {
  private SharedLibero() {}

  /** The four suites the shared data holds. */
  public static final List<String> SUITES = List.of("libero_object", "libero_spatial", "libero_goal", "libero_10");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code ../shared/libero} relative to the project folder. */
  public static Path dir() {
    return Path.of(System.getProperty("user.dir")).resolve("../shared/libero").normalize();
  }

  /** The shared folder's paths, or skip (fail under CI=true) if it is absent. */
  public static LiberoPaths paths() {
    Path d = dir();
    boolean present = Files.isDirectory(d.resolve("LIBERO/libero/libero/bddl_files")) && Files.isDirectory(d.resolve("robosuite"));
    if (!present) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("LIBERO test data missing: expected " + d + " with LIBERO/libero/libero/{bddl_files,init_files,assets}, robosuite/ and reference/ (see DESIGN.md, LIBERO's own scenes)");
      }
      assumeTrue(false, "LIBERO test data absent at " + d);
    }
    return LiberoPaths.ofSharedLayout(d);
  }

  /** {@code reference/<suite>}. */
  public static Path reference(String suite) {
    paths();
    return dir().resolve("reference").resolve(suite);
  }

  /** {@code reference/<suite>/scenes/task_<i>_info.json}. */
  public static JsonNode info(String suite, int task) {
    return json(reference(suite).resolve("scenes/task_" + task + "_info.json"));
  }

  /** Reads a JSON file. */
  public static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
