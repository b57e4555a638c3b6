package org.vla4j.sim.libero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiberoPathsTest {

  @Test
  void optionsWinOverEnvironment(@TempDir Path tmp) {
    LiberoPaths shared = SharedLibero.paths();
    Map<String, String> env = Map.of(LiberoPaths.LIBERO_ENV, tmp.toString(), LiberoPaths.ROBOSUITE_ENV, tmp.toString());
    LiberoPaths p = LiberoPaths.resolve(shared.liberoRoot().toString(), shared.robosuiteAssets().toString(), env, false);
    assertThat(p).isEqualTo(shared);
    assertThat(p.bddlDir("libero_object")).isDirectory();
    assertThat(p.initFilesDir("libero_10")).isDirectory();
  }

  @Test
  void environmentIsUsedWithoutOptions() {
    LiberoPaths shared = SharedLibero.paths();
    Map<String, String> env = Map.of(LiberoPaths.LIBERO_ENV, shared.liberoRoot().toString(), LiberoPaths.ROBOSUITE_ENV, shared.robosuiteAssets().toString());
    assertThat(LiberoPaths.resolve(null, null, env, false)).isEqualTo(shared);
  }

  @Test
  void missingFoldersAreNamedWithTheOptionToPass(@TempDir Path tmp) throws Exception {
    assertThatThrownBy(() -> LiberoPaths.resolve(null, null, Map.of(), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--libero-root").hasMessageContaining("VLA4J_LIBERO_ROOT")
        .hasMessageContaining("--robosuite-assets").hasMessageContaining("VLA4J_ROBOSUITE_ASSETS");
    Files.createDirectories(tmp.resolve("libero/libero/bddl_files"));
    assertThatThrownBy(() -> LiberoPaths.resolve(tmp.toString(), tmp.toString(), Map.of(), false))
        .hasMessageContaining("libero/libero/init_files").hasMessageContaining("libero/libero/assets")
        .hasMessageContaining("base.xml").hasMessageNotContaining("libero/libero/bddl_files (");
  }

  @Test
  void unknownSuiteListsTheValidOnes() {
    LiberoPaths p = SharedLibero.paths();
    assertThatThrownBy(() -> p.bddlDir("libero_90x")).hasMessageContaining("libero_90x").hasMessageContaining("libero_object");
  }
}
