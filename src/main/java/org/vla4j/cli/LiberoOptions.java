package org.vla4j.cli;

import java.util.Map;
import org.vla4j.sim.libero.LiberoPaths;
import picocli.CommandLine.Option;

/**
 * picocli mixin for every command that takes a LIBERO suite: where the user's LIBERO and robosuite 1.4.x
 * installs are. Each folder comes from its option, else its environment variable
 * ({@value LiberoPaths#LIBERO_ENV}, {@value LiberoPaths#ROBOSUITE_ENV}), else from the {@code libero} and
 * {@code robosuite} packages {@code python3} can import ({@link LiberoPaths#resolve}).
 */
public final class LiberoOptions {
  @Option(names = LiberoPaths.LIBERO_OPTION, paramLabel = "DIR",
      description = "LIBERO checkout or install: the folder holding libero/libero/{bddl_files,init_files,assets} "
          + "(default: $" + LiberoPaths.LIBERO_ENV + ", else python3's libero package).")
  String liberoRoot;

  @Option(names = LiberoPaths.ROBOSUITE_OPTION, paramLabel = "DIR",
      description = "robosuite 1.4.x's robosuite/models/assets (default: $" + LiberoPaths.ROBOSUITE_ENV + ", else python3's robosuite package).")
  String robosuiteAssets;

  /**
   * The two folders, checked.
   *
   * @throws IllegalArgumentException in one line naming what is missing and how to point vla4j at it
   */
  public LiberoPaths paths() {
    return paths(System.getenv());
  }

  /** {@link #paths()} with a given environment (tests). */
  LiberoPaths paths(Map<String, String> env) {
    return LiberoPaths.resolve(liberoRoot, robosuiteAssets, env, true);
  }
}
