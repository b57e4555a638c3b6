package org.vla4j.policy.vla;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening ONNX Runtime leaves nothing in the temporary folder: each case runs in a fresh JVM (the
 * loader runs once per process) with its own {@code java.io.tmpdir} and without
 * {@code ORT_DISABLE_TELEMETRY} or {@code CI}, and the folder and {@code /tmp/mat-debug-<pid>.log} are checked
 * after the JVM has exited. The plain {@link OrtEnvironment#getEnvironment()} is run too, to show
 * what {@link OrtRuntime} avoids.
 */
class OrtTempFilesTest {
  @TempDir Path tmp;

  /** Opens the environment ({@code plain}: ONNX Runtime's own way) and prints the pid. */
  public static void main(String[] args) {
    if (args[0].equals("plain")) OrtEnvironment.getEnvironment();
    else OrtRuntime.environment();
    System.out.println(ProcessHandle.current().pid());
  }

  /** This class, vla4j's classes and ONNX Runtime's jar: nothing else, so the child loads ONNX Runtime as vla4j does. */
  private static String classPath() throws IOException {
    try {
      return String.join(java.io.File.pathSeparator,
          Path.of(OrtTempFilesTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
          Path.of(OrtRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
          Path.of(OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
  }

  private record Left(List<String> inTmpdir, boolean telemetryLog) {}

  private Left run(String mode) throws IOException, InterruptedException {
    Path dir = Files.createDirectories(tmp.resolve(mode));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + dir,
        "-cp", classPath(), OrtTempFilesTest.class.getName(), mode).redirectErrorStream(true);
    pb.environment().remove("ORT_DISABLE_TELEMETRY");
    pb.environment().remove("CI"); // ONNX Runtime's telemetry layer also stays off when CI is set: run as a user's shell would
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    String[] lines = out.strip().split("\n");
    long pid = Long.parseLong(lines[lines.length - 1].strip());
    Path log = Path.of("/tmp", "mat-debug-" + pid + ".log");
    boolean logLeft = Files.exists(log);
    Files.deleteIfExists(log);
    try (Stream<Path> s = Files.list(dir)) {
      return new Left(s.map(f -> f.getFileName().toString()).toList(), logLeft);
    }
  }

  @Test
  void openingOnnxRuntimeLeavesNoFolderAndNoTelemetryLog() throws Exception {
    Left plain = run("plain");
    // ONNX Runtime 1.29's own loader: an empty onnxruntime-java* folder and an empty mat-debug log stay
    assertThat(plain.inTmpdir()).anyMatch(n -> n.startsWith("onnxruntime-java"));
    assertThat(plain.telemetryLog()).isTrue();
    Left ours = run("vla4j");
    assertThat(ours.inTmpdir()).isEmpty();
    assertThat(ours.telemetryLog()).isFalse();
  }
}
