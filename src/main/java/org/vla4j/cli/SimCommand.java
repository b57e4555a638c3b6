package org.vla4j.cli;

import org.vla4j.sim.SimInfo;
import org.vla4j.sim.env.RenderSettings;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vla4j.report.ImageFiles;
import org.vla4j.sim.robot.PandaController;
import org.vla4j.sim.suite.PandaScene;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vla4j sim}: inspect the simulator (MuJoCo version, renderer, scene) and render pictures. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = "Inspect the MuJoCo simulator and its offscreen renderer.",
    subcommands = {SimCommand.Info.class, SimCommand.Render.class, SimCommand.InitStatesCmd.class, SimPlayCommand.class, SimAssetsCommand.class})
public final class SimCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code vla4j sim info}. */
  @Command(name = "info", mixinStandardHelpOptions = true,
      description = "Print the MuJoCo version, the OpenGL renderer in use and the scene's sizes.")
  static final class Info implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.print(SimInfo.describe());
      return 0;
    }
  }

  /** {@code vla4j sim init-states}: regenerate a suite's stored init states, or check them. */
  @Command(name = "init-states", mixinStandardHelpOptions = true,
      description = {"Regenerate a suite's evaluation init states from the generator seed (stream EVAL),",
          "and check them against the stored resources (--check) or write them (--write DIR)."})
  static final class InitStatesCmd implements Callable<Integer> {
    @Option(names = "--suite", defaultValue = "object", description = "Suite (default: ${DEFAULT-VALUE}).")
    String suite;

    @Option(names = "--write", description = "Write task_NN.json files under DIR/<suite>/.")
    Path write;

    @Option(names = "--check", description = "Compare regenerated states with the stored ones; exit 1 on a difference.")
    boolean check;

    @Override
    public Integer call() throws Exception {
      if (write == null && !check) throw new IllegalArgumentException("give --write DIR or --check");
      org.vla4j.sim.suite.Suite s = org.vla4j.sim.suite.Suites.get(suite);
      int differences = 0;
      for (org.vla4j.sim.suite.Task t : s.tasks()) {
        try (org.vla4j.sim.suite.TaskScene scene = org.vla4j.sim.suite.TaskScene.build(s, t.id())) {
          java.util.List<double[]> states = org.vla4j.sim.suite.InitStateGenerator.generateAll(
              scene, org.vla4j.sim.suite.InitStateGenerator.Stream.EVAL, org.vla4j.sim.suite.InitStateGenerator.SUITE_SEED, s.initStatesPerTask());
          if (write != null) System.out.println("wrote " + org.vla4j.sim.suite.InitStates.write(write, s, t.id(), states));
          if (check) {
            org.vla4j.sim.suite.InitStates.InitStateList stored = org.vla4j.sim.suite.InitStates.load(s, t.id());
            for (int i = 0; i < states.size(); i++) {
              if (i >= stored.size() || !java.util.Arrays.equals(states.get(i), stored.get(i))) {
                differences++;
                System.out.println("task " + t.id() + " init state " + i + " differs from the stored one");
              }
            }
          }
        }
      }
      if (check) System.out.println(differences == 0 ? "all stored init states regenerate bit-exactly" : differences + " differences");
      return differences == 0 ? 0 : 1;
    }
  }

  /** {@code vla4j sim render}. */
  @Command(name = "render", mixinStandardHelpOptions = true,
      description = "Render a camera of the scene (robot at its home pose) to a PNG, upright.")
  static final class Render implements Callable<Integer> {
    @Option(names = "--camera", defaultValue = PandaScene.AGENTVIEW,
        description = "Camera name: agentview or robot0_eye_in_hand (default: ${DEFAULT-VALUE}).")
    String camera;

    @Option(names = "--out", required = true, description = "Output PNG file.")
    Path out;

    @Option(names = "--size", defaultValue = "128", description = "Image side in pixels, 1..256 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--shadows", description = "Render with shadows and reflections (slower on CPU).")
    boolean shadows;

    @Override
    public Integer call() {
      {
        byte[] rgb = SimInfo.renderHome(camera, size, shadows ? new RenderSettings(true, true, false) : RenderSettings.FAST);
        ImageFiles.writePng(rgb, size, size, true, out);
        System.out.println("wrote " + out + " (" + camera + ", " + size + "x" + size + ", upright)");
      }
      return 0;
    }
  }
}
