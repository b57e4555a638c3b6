package org.vla4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sequential options of {@code vla4j eval}: bad values are refused in one line, exit 2, before any episode. */
class EvalSequentialCliTest {
  @TempDir Path tmp;

  @Test
  void sequentialOptionsAreChecked() {
    CliRun.Result seedAlone = CliRun.run("eval", "--order-seed", "3", "--out", tmp.resolve("a").toString());
    assertThat(seedAlone.code()).isEqualTo(2);
    assertThat(seedAlone.err()).contains("--order-seed").contains("--until-ci-width W or --sequential-vs RUN");
    CliRun.Result width = CliRun.run("eval", "--until-ci-width", "1.5", "--out", tmp.resolve("b").toString());
    assertThat(width.code()).isEqualTo(2);
    assertThat(width.err()).contains("--until-ci-width must be a rate width in (0, 1)");
    CliRun.Result notARun = CliRun.run("eval", "--sequential-vs", tmp.toString(), "--out", tmp.resolve("c").toString());
    assertThat(notARun.code()).isEqualTo(2);
    assertThat(notARun.err()).contains(tmp.toString()).doesNotContain("Exception");
    assertThat(tmp.resolve("c")).doesNotExist();
  }
}
