package org.vla4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.eval.run.EvalListener;
import org.vla4j.eval.run.EvalRequest;
import org.vla4j.eval.run.Evaluation;
import org.vla4j.eval.run.FakeRunners;

/**
 * A full disk or a read-only folder under {@code report} and at the start of {@code eval}: one line
 * naming the file and the reason, exit 1, and nothing half-written left behind. A full disk is
 * {@code /dev/full} (every write fails with ENOSPC) reached through a symbolic link at the path of
 * the temporary file the command writes first; with {@code CI=true} as root a real 64 KiB tmpfs,
 * full and then read-only, is used as well.
 */
class FullDiskTest {
  @TempDir Path tmp;

  private static Path runFolder(Path dir) {
    new Evaluation(FakeRunners.plain()).run(new EvalRequest("object", "expert", "0,3", 2, "0-1", 7, dir, false, 1, List.of()),
        EvalListener.NONE);
    return dir;
  }

  private static List<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void reportOnAFullDiskSaysWhichFileAndLeavesNoHalfWrittenPlot() throws IOException {
    assumeTrue(Files.isWritable(Path.of("/dev/full")), "needs /dev/full");
    Path run = runFolder(tmp.resolve("run"));
    Path plots = Files.createDirectories(run.resolve("plots"));
    Files.createSymbolicLink(plots.resolve("per_task_success.svg.tmp"), Path.of("/dev/full"));
    CliRun.Result r = CliRun.run("report", run.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("Exception")
        .contains("cannot write " + plots.resolve("per_task_success.svg") + ": No space left on device");
    assertThat(names(plots)).containsExactly("per_task_success.png"); // complete; the svg neither half-written nor as .tmp
    assertThat(names(run)).doesNotContain("report.html", "report.html.tmp");
  }

  @Test
  void evalOnAFullDiskAtStartLeavesNoEmptyConfigTmp() throws IOException {
    assumeTrue(Files.isWritable(Path.of("/dev/full")), "needs /dev/full");
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.createSymbolicLink(out.resolve("config.json.tmp"), Path.of("/dev/full"));
    CliRun.Result r = CliRun.run("eval", "--policy", "expert", "--tasks", "0", "--episodes-per-task", "1", "--init-states", "0",
        "--no-progress", "--out", out.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("cannot write " + out.resolve("config.json") + ": No space left on device")
        .doesNotContain("Exception");
    assertThat(names(out)).doesNotContain("config.json.tmp", "config.json");
  }

  @Test
  void onARealFullAndThenReadOnlyTmpfs() throws Exception {
    assumeTrue("true".equals(System.getenv("CI")) && "root".equals(System.getProperty("user.name")), "CI=true as root only");
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    assumeTrue(sh("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt.toString()) == 0, "mount not permitted");
    try {
      Path run = runFolder(tmp.resolve("run"));
      Path copy = Files.createDirectories(mnt.resolve("run"));
      for (String f : names(run)) Files.copy(run.resolve(f), copy.resolve(f));
      CliRun.Result full = CliRun.run("report", copy.toString());
      assertThat(full.code()).isEqualTo(1);
      assertThat(full.err()).contains("No space left on device").contains(copy.toString()).doesNotContain("Exception");
      for (String f : names(copy.resolve("plots"))) {
        assertThat(f).doesNotEndWith(".tmp");
        // every plot left is complete: a PNG ends with its IEND chunk, an SVG with its closing tag
        byte[] b = Files.readAllBytes(copy.resolve("plots").resolve(f));
        if (f.endsWith(".svg")) assertThat(new String(b).strip()).endsWith("</svg>");
      }
      assertThat(sh("mount", "-o", "remount,ro", mnt.toString())).isZero();
      CliRun.Result ro = CliRun.run("report", copy.toString());
      assertThat(ro.code()).isEqualTo(1);
      assertThat(ro.err().strip()).contains("Read-only file system").doesNotContain("\n");
    } finally {
      sh("umount", mnt.toString());
    }
  }

  private static int sh(String... cmd) throws IOException, InterruptedException {
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
  }
}
