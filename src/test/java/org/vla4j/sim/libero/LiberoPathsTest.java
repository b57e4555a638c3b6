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

  @Test
  void foldersInsideTheCheckoutAreNamedWithTheRightOne() {
    LiberoPaths shared = SharedLibero.paths();
    Path pkg = shared.liberoRoot().resolve("libero/libero");
    assertThatThrownBy(() -> LiberoPaths.resolve(pkg.toString(), shared.robosuiteAssets().toString(), Map.of(), false))
        .hasMessageContaining("inside the checkout").hasMessageContaining("--libero-root " + shared.liberoRoot());
    Path checkout = shared.robosuiteAssets().getParent().getParent().getParent();
    assertThatThrownBy(() -> LiberoPaths.resolve(shared.liberoRoot().toString(), checkout.toString(), Map.of(), false))
        .hasMessageContaining("not its assets").hasMessageContaining("--robosuite-assets " + shared.robosuiteAssets());
  }

  @Test
  void robosuiteOtherThan14IsRefusedNamingTheVersion(@TempDir Path tmp) throws Exception {
    LiberoPaths shared = SharedLibero.paths();
    // robosuite 1.5's assets: mounts/ became bases/
    Path v15 = tmp.resolve("rs15/robosuite/models/assets");
    Files.createDirectories(v15.resolve("bases"));
    Files.writeString(v15.resolve("base.xml"), "<mujoco/>");
    assertThatThrownBy(() -> LiberoPaths.resolve(shared.liberoRoot().toString(), v15.toString(), Map.of(), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("robosuite 1.5 or later").hasMessageContaining("1.4.x");
    // a 1.4 layout whose package declares another version
    Path other = fakeRobosuite(tmp.resolve("rs2"), shared, "1.5.1");
    assertThatThrownBy(() -> LiberoPaths.resolve(shared.liberoRoot().toString(), other.toString(), Map.of(), false))
        .hasMessageContaining("robosuite 1.5.1").hasMessageContaining("1.4.x");
    Path ok = fakeRobosuite(tmp.resolve("rs3"), shared, "1.4.1");
    assertThat(LiberoPaths.resolve(shared.liberoRoot().toString(), ok.toString(), Map.of(), false).robosuiteAssets()).isEqualTo(ok);
  }

  @Test
  void pythonPackagesAreFoundWithoutOptions(@TempDir Path tmp) throws Exception {
    LiberoPaths shared = SharedLibero.paths();
    // a site-packages-like folder: LIBERO's package (a namespace package, as a checkout installed with -e is) and robosuite
    Path site = tmp.resolve("site");
    Files.createDirectories(site.resolve("libero/libero"));
    for (String part : new String[] {"bddl_files", "init_files", "assets"}) {
      Files.createSymbolicLink(site.resolve("libero/libero").resolve(part), shared.packageDir().resolve(part));
    }
    Path assets = fakeRobosuite(site, shared, "1.4.1");
    LiberoPaths found = LiberoPaths.resolve(null, null, Map.of("PYTHONPATH", site.toString()), true);
    assertThat(found.liberoRoot()).isEqualTo(site.toAbsolutePath().normalize());
    assertThat(found.robosuiteAssets()).isEqualTo(assets);
    assertThat(found.bddlDir("libero_object")).isDirectory();
    // an option still wins over what python finds
    assertThat(LiberoPaths.resolve(shared.liberoRoot().toString(), null, Map.of("PYTHONPATH", site.toString()), true).liberoRoot()).isEqualTo(shared.liberoRoot());
    // a python robosuite of another version is named
    Path site2 = tmp.resolve("site2");
    Files.createDirectories(site2);
    fakeRobosuite(site2, shared, "1.5.1");
    assertThatThrownBy(() -> LiberoPaths.resolve(shared.liberoRoot().toString(), null, Map.of("PYTHONPATH", site2.toString()), true))
        .hasMessageContaining("robosuite 1.5.1").hasMessageContaining("1.4.x");
    // LIBERO found, robosuite not: said so
    Path site3 = tmp.resolve("site3");
    Files.createDirectories(site3.resolve("libero"));
    Files.createSymbolicLink(site3.resolve("libero/libero"), site.resolve("libero/libero"));
    assertThatThrownBy(() -> LiberoPaths.resolve(null, null, Map.of("PYTHONPATH", site3.toString()), true))
        .hasMessageStartingWith("LIBERO found at " + site3.toAbsolutePath().normalize() + " but robosuite 1.4.x assets not found")
        .hasMessageContaining("--robosuite-assets");
  }

  /** {@code root/robosuite/{__init__.py with __version__, models/assets/...}}, the assets linked to the shared ones; returns the assets folder. */
  private static Path fakeRobosuite(Path root, LiberoPaths shared, String version) throws Exception {
    Path pkg = root.resolve("robosuite");
    Files.createDirectories(pkg.resolve("models"));
    Files.writeString(pkg.resolve("__init__.py"), "from robosuite.environments.base import make\n__version__ = \"" + version + "\"\n");
    Files.createSymbolicLink(pkg.resolve("models/assets"), shared.robosuiteAssets());
    return pkg.resolve("models/assets").toAbsolutePath().normalize();
  }
}
