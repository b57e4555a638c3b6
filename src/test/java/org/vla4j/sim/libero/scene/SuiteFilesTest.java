package org.vla4j.sim.libero.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.mujoco.MjModel;
import org.vla4j.sim.libero.LiberoBenchmark;
import org.vla4j.sim.libero.LiberoPaths;
import org.vla4j.sim.libero.SharedLibero;

/**
 * {@link SuiteFiles} on libero_object with the real LIBERO files: a folder holding only the listed files
 * composes and compiles every task's scene to the model the full install gives, and a listed file is
 * needed.
 */
class SuiteFilesTest {
  private static final String SUITE = "libero_object";

  /** Copies the listed files into {@code dir} in the shared layout; returns the copy's paths. */
  private static LiberoPaths copy(LiberoPaths from, SortedSet<Path> files, Path dir) throws IOException {
    for (Path f : files) {
      Path rel;
      if (f.startsWith(from.liberoRoot())) rel = Path.of("LIBERO").resolve(from.liberoRoot().relativize(f));
      else if (f.startsWith(from.robosuiteAssets())) rel = Path.of("robosuite/robosuite/models/assets").resolve(from.robosuiteAssets().relativize(f));
      else throw new AssertionError(f + " is outside both installs");
      Files.createDirectories(dir.resolve(rel).getParent());
      Files.copy(f, dir.resolve(rel));
    }
    return LiberoPaths.ofSharedLayout(dir);
  }

  @Test
  void theListedFilesAloneComposeEveryTaskBitEqual(@TempDir Path dir) throws IOException {
    LiberoPaths full = SharedLibero.paths();
    LiberoBenchmark suite = LiberoBenchmark.load(full, SUITE);
    SortedSet<Path> files = SuiteFiles.of(suite);
    assertThat(files).allSatisfy(f -> assertThat(f).isRegularFile().isAbsolute());
    assertThat(files).containsAll(suite.bddlFiles().stream().map(p -> p.toAbsolutePath().normalize()).toList());
    assertThat(files).containsAll(suite.initFiles().stream().map(p -> p.toAbsolutePath().normalize()).toList());
    // only this suite's problems and init states, not the other suites' the install holds
    assertThat(files).filteredOn(f -> f.startsWith(full.bddlDir()) || f.startsWith(full.initFilesDir()))
        .allSatisfy(f -> assertThat(f.getParent().getFileName()).hasToString(SUITE)).hasSize(20);

    LiberoBenchmark copied = LiberoBenchmark.load(copy(full, files, dir), SUITE);
    for (int t = 0; t < suite.problems().size(); t++) {
      String ours = new LiberoSceneComposer(copied.paths()).compose(copied.problems().get(t)).xml();
      String theirs = new LiberoSceneComposer(full).compose(suite.problems().get(t)).xml();
      try (MjModel a = MjModel.fromXml(ours); MjModel b = MjModel.fromXml(theirs)) {
        ModelComparison.Report r = ModelComparison.compare(a, b);
        assertThat(r.equal(0.0)).as("task " + t + ": " + r.summary(0.0)).isTrue();
      }
    }
  }

  @Test
  void aSceneLackingOneOfItsListedFilesDoesNotCompile(@TempDir Path dir) throws IOException {
    LiberoPaths full = SharedLibero.paths();
    LiberoBenchmark suite = LiberoBenchmark.load(full, SUITE);
    SortedSet<Path> files = SuiteFiles.ofScene(full, suite.problems().getFirst());
    Path texture = files.stream().filter(f -> f.toString().endsWith("alphabet_soup/texture_map.png")).findFirst().orElseThrow();
    files.addAll(suite.bddlFiles());
    files.addAll(suite.initFiles());
    LiberoPaths copied = copy(full, files, dir);
    Path missing = copied.liberoRoot().resolve(full.liberoRoot().relativize(texture));
    Files.delete(missing);
    String xml = new LiberoSceneComposer(copied).compose(LiberoBenchmark.load(copied, SUITE).problems().getFirst()).xml();
    assertThatThrownBy(() -> MjModel.fromXml(xml).close()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("texture_map.png");
  }
}
