package org.vla4j.runlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoErrorsTest {
  @TempDir Path tmp;

  @Test
  void aMissingRunFileIsNamedOnceWithTheReason() {
    Path missing = tmp.resolve("missing");
    // issue 16: `diagnose /missing` said "cannot read /missing: /missing"
    assertThatThrownBy(() -> Jsonl.lines(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot read " + missing + ": no such file or folder");
    assertThatThrownBy(() -> JsonFiles.read(missing))
        .hasMessage("cannot read " + missing + " as JSON: no such file or folder");
  }

  @Test
  void aFolderGivenForAFileSaysWhatItIs() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("run"));
    assertThatThrownBy(() -> Jsonl.lines(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .message().startsWith("cannot read " + dir + ": ").doesNotEndWith(": " + dir);
  }

  @Test
  void reasonsInWords() {
    assertThat(IoErrors.reason(new java.nio.file.NoSuchFileException("/x"))).isEqualTo("no such file or folder");
    assertThat(IoErrors.reason(new java.nio.file.AccessDeniedException("/x"))).isEqualTo("permission denied");
    assertThat(IoErrors.reason(new java.nio.file.FileSystemException("/x", null, "No space left on device")))
        .isEqualTo("No space left on device");
  }
}
