package org.vla4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vla4j.sim.libero.LiberoPaths;
import org.vla4j.sim.libero.LiberoTasks;
import org.vla4j.sim.libero.bddl.BddlParser;
import org.vla4j.sim.libero.bddl.BddlPredicate;
import org.vla4j.sim.libero.bddl.BddlProblem;
import org.vla4j.sim.libero.env.LiberoCameras;
import org.vla4j.sim.libero.env.LiberoEnv;
import org.vla4j.sim.libero.env.LiberoPlay;
import org.vla4j.sim.libero.env.LiberoWorld;
import org.vla4j.sim.libero.init.PrunedInitFile;
import org.vla4j.sim.libero.scene.LiberoSceneComposer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vla4j sim play}: executes a given action sequence in a real LIBERO task from one of its official
 * init states and writes one row per step, in the layout of the reference runs of the real LIBERO
 * ({@link LiberoPlay}). Users replay a dataset's actions with it; the conformance tests use its code path.
 */
@Command(name = "play", mixinStandardHelpOptions = true,
    description = {"Play an action file in a LIBERO task from an official init state; write one JSON row per step",
        "(row 0 right after set_init_state) with robosuite's observation keys, reward, done, success, image means and the state."})
final class SimPlayCommand implements Callable<Integer> {
  /** Goal predicates LiberoWorld.success() evaluates. */

  @Mixin LiberoOptions libero;

  @Option(names = "--suite", required = true, description = "LIBERO suite, e.g. libero_object.")
  String suite;

  @Option(names = "--task", required = true, description = "Task index in benchmark order (0-based) or task name.")
  String task;

  @Option(names = "--init-state", required = true, paramLabel = "K", description = "Official init state index (0-based).")
  int initState;

  @Option(names = "--actions", required = true, paramLabel = "FILE.jsonl",
      description = "One JSON array of 7 numbers [dx, dy, dz, rx, ry, rz, gripper] per line, wait steps included.")
  Path actions;

  @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "Output: one JSON row per step.")
  Path out;

  @Option(names = "--size", defaultValue = "128", description = "Camera image side in pixels, 1..480 (LIBERO: 128 or 256; default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--no-images", description = "Do not render the cameras (faster; image means are null).")
  boolean noImages;

  @Override
  public Integer call() {
    List<String> names = LiberoTasks.tasks(suite);
    String name = LiberoTasks.task(suite, task);
    if (!noImages && (size < 1 || size > 480)) throw new IllegalArgumentException("--size " + size + " out of range 1..480 (LIBERO renders 128 or 256)");
    List<double[]> acts = LiberoPlay.readActions(actions);
    LiberoPaths paths = libero.paths();
    BddlProblem problem = BddlParser.parse(LiberoTasks.bddlFile(paths, suite, name));
    for (BddlPredicate g : problem.goal()) {
      if (!LiberoWorld.GOAL_PREDICATES.contains(g.name())) {
        throw new IllegalArgumentException(suite + " task " + names.indexOf(name) + " (" + name + ") has goal predicate '" + g.name()
            + "', not implemented (implemented: " + String.join(", ", LiberoWorld.GOAL_PREDICATES) + ")");
      }
    }
    List<double[]> states = PrunedInitFile.read(LiberoTasks.initFile(paths, suite, name));
    if (initState < 0 || initState >= states.size()) {
      throw new IllegalArgumentException("--init-state " + initState + " out of range: " + name + " has init states 0.." + (states.size() - 1));
    }
    ObjectMapper json = new ObjectMapper();
    Path parent = out.toAbsolutePath().getParent();
    try {
      if (parent != null) Files.createDirectories(parent);
      try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
          LiberoEnv env = new LiberoEnv(new LiberoSceneComposer(paths).compose(problem), noImages ? null : LiberoCameras.Settings.libero(size))) {
        LiberoPlay.play(env, states.get(initState), acts, row -> {
          try {
            w.write(json.writeValueAsString(row));
            w.write('\n');
          } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
          }
        });
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
    System.out.println("wrote " + out + " (" + (acts.size() + 1) + " rows: " + suite + " task " + names.indexOf(name) + " " + name + ", init state "
        + initState + ", " + (noImages ? "no images" : size + "x" + size + " images") + ")");
    return 0;
  }
}
