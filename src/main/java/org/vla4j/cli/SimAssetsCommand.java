package org.vla4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import org.vla4j.sim.libero.LiberoBenchmark;
import org.vla4j.sim.libero.LiberoPaths;
import org.vla4j.sim.libero.scene.SuiteFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vla4j sim assets} (hidden): the files of the LIBERO and robosuite installs that running a LIBERO
 * suite reads ({@link SuiteFiles}): BDDL and init files, the MJCF files the scene composer loads and every
 * mesh and texture the composed scenes name. {@code training/pack_libero.sh} packs them for a machine
 * without the installs.
 */
@Command(name = "assets", hidden = true, mixinStandardHelpOptions = true,
    description = {"The files of the LIBERO and robosuite installs that a LIBERO suite's tasks read (BDDL, init files,",
        "the MJCF files the composer loads, every file the composed scenes name); a count and size, or one absolute path a line."})
final class SimAssetsCommand implements Callable<Integer> {
  @Mixin LiberoOptions libero;

  @Option(names = "--suite", required = true, description = "LIBERO suite, e.g. libero_object.")
  String suite;

  @Option(names = "--list", description = "Print one absolute path a line, sorted (default: a one-line summary).")
  boolean list;

  @Override
  public Integer call() {
    LiberoPaths paths = libero.paths();
    SortedSet<Path> files = SuiteFiles.of(LiberoBenchmark.load(paths, suite));
    if (list) {
      for (Path f : files) System.out.println(f);
      return 0;
    }
    long bytes = 0;
    int underLibero = 0, underRobosuite = 0;
    for (Path f : files) {
      try {
        bytes += Files.size(f);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
      }
      if (f.startsWith(paths.liberoRoot())) underLibero++;
      else if (f.startsWith(paths.robosuiteAssets())) underRobosuite++;
    }
    System.out.printf(Locale.ROOT, "%s: %d files, %.1f MB (%d under %s, %d under %s, %d elsewhere)%n", suite, files.size(), bytes / 1e6,
        underLibero, paths.liberoRoot(), underRobosuite, paths.robosuiteAssets(), files.size() - underLibero - underRobosuite);
    return 0;
  }
}
