package org.vla4j.mujoco;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks every struct offset, struct size and enum value the bindings use ({@link MjField}) against
 * MuJoCo 3.14.0's own C headers: a C probe is generated from the constants' C expressions, compiled
 * with gcc against the headers that ship in the official wheel, and run.
 */
class MjFieldHeaderTest {

  @Test
  void everyOffsetSizeAndConstantMatchesTheHeaders(@TempDir Path dir) throws Exception {
    Path include = MujocoLibrary.includeDir().orElseThrow(() -> new AssertionError(
        "MuJoCo's headers are needed for this test: " + MujocoLibrary.howToProvide()));
    StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include <mujoco/mujoco.h>\nint main(void){\n");
    for (MjField f : MjField.values()) {
      c.append("  printf(\"%s %ld %ld\\n\", \"").append(f.name()).append("\", (long)(").append(f.cExpression())
          .append("), (long)(").append(f.cWidthExpression()).append("));\n");
    }
    c.append("  return 0;\n}\n");
    Path src = dir.resolve("probe.c");
    Path exe = dir.resolve("probe");
    Files.writeString(src, c);
    Process cc = new ProcessBuilder("gcc", "-I" + include, src.toString(), "-o", exe.toString()).redirectErrorStream(true).start();
    String ccOut = new String(cc.getInputStream().readAllBytes());
    assertThat(cc.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(cc.exitValue()).as("gcc output:\n" + ccOut).isZero();
    Process run = new ProcessBuilder(exe.toString()).start();
    String out = new String(run.getInputStream().readAllBytes());
    assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();

    Map<String, long[]> actual = new HashMap<>();
    for (String line : out.strip().split("\n")) {
      String[] p = line.split(" ");
      actual.put(p[0], new long[] {Long.parseLong(p[1]), Long.parseLong(p[2])});
    }
    assertThat(actual).hasSize(MjField.values().length);
    for (MjField f : MjField.values()) {
      long[] v = actual.get(f.name());
      assertThat(v[0]).as(f.name() + " = " + f.cExpression()).isEqualTo(f.value());
      assertThat(v[1]).as("width of " + f.name()).isEqualTo(f.width());
    }
  }

  @Test
  void headerVersionIsThePinnedRelease() {
    assertThat(MjField.MJVERSION_HEADER.value()).isEqualTo(3014000L);
    assertThat(MujocoLibrary.get().versionString()).isEqualTo(MujocoLibrary.VERSION);
  }
}
