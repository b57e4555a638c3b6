package org.vla4j.sim.libero.scene;

import java.nio.file.Path;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.vla4j.sim.libero.LiberoBenchmark;
import org.vla4j.sim.libero.LiberoPaths;
import org.vla4j.sim.libero.bddl.BddlProblem;

/**
 * The files of a user's LIBERO and robosuite installs that running a LIBERO suite reads, found by doing
 * the reading: every task's BDDL and {@code .pruned_init} file, every MJCF file {@link LiberoSceneComposer}
 * loads while composing the task's scene, and every mesh, texture or other file the composed MJCF names
 * (what MuJoCo reads when it compiles it). A copy of the installs holding only these files, in the same
 * layout, composes and compiles the same scenes ({@code training/pack_libero.sh} packs one for a machine
 * without the installs).
 */
public final class SuiteFiles {
  private SuiteFiles() {}

  /**
   * Every file running suite {@code b} reads: its BDDL and init files and {@link #ofScene} of each task.
   *
   * @return absolute, normalized paths, sorted
   * @throws IllegalArgumentException if a scene cannot be composed (the composer's message)
   */
  public static SortedSet<Path> of(LiberoBenchmark b) {
    SortedSet<Path> out = new TreeSet<>();
    for (Path f : b.bddlFiles()) out.add(f.toAbsolutePath().normalize());
    for (Path f : b.initFiles()) out.add(f.toAbsolutePath().normalize());
    for (BddlProblem p : b.problems()) out.addAll(ofScene(b.paths(), p));
    return out;
  }

  /**
   * The files composing and compiling one task's scene reads: the MJCF files the composer loads
   * (robosuite's {@code base.xml}, the arena, robot, mount, gripper, each object's and fixture's XML) and
   * every file the composed MJCF names.
   *
   * @return absolute, normalized paths, sorted
   * @throws IllegalArgumentException if the scene cannot be composed, or the composed MJCF names a relative file
   */
  public static SortedSet<Path> ofScene(LiberoPaths paths, BddlProblem problem) {
    Set<Path> read = new TreeSet<>();
    LiberoScene scene = MjcfDoc.recordingReads(read, () -> new LiberoSceneComposer(paths).compose(problem));
    SortedSet<Path> out = new TreeSet<>(read);
    out.addAll(MjcfDoc.fileReferences(scene.xml()));
    return out;
  }
}
