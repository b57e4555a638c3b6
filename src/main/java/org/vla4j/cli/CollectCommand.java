package org.vla4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.vla4j.data.DemoCollector;
import org.vla4j.eval.plan.Selections;
import org.vla4j.sim.env.RenderSettings;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.vla.OnnxVlaPolicy;
import org.vla4j.rollout.PolicyAgent;
import org.vla4j.sim.robot.ControllerConfig;
import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.expert.ScriptedExpert;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vla4j collect}: demonstrations of the noisy scripted expert on TRAIN-stream init states,
 * written as a LeRobot v3.0 dataset plus OpenVLA's dataset_statistics.json (docs/DATA.md). The
 * work is {@link DemoCollector}.
 */
@Command(
    name = "collect",
    mixinStandardHelpOptions = true,
    description = "Collect scripted-expert demonstrations (TRAIN init states, successes only) as a LeRobot v3.0 dataset.")
public final class CollectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--suite", defaultValue = "object", description = "task suite (default: ${DEFAULT-VALUE})")
  String suite;

  @Option(names = "--tasks", defaultValue = "all", description = "task ids: 'all', or e.g. 0,3 or 0-4 (default: ${DEFAULT-VALUE})")
  String tasks;

  @Option(names = "--episodes-per-task", required = true, description = "episodes attempted per task (TRAIN init states 0..N-1)")
  int episodesPerTask;

  @Option(names = "--seed", defaultValue = "0", description = "seed of the expert's noise (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", required = true, description = "dataset folder to write (must be new or empty)")
  Path out;

  @Option(names = "--workers", description = "episodes run in parallel, one env each (default: number of cores)")
  Integer workers;

  @Option(names = "--noise-sigma", defaultValue = "0.1", description = "Gaussian action noise on the arm, normalized units (default: ${DEFAULT-VALUE})")
  double noiseSigma;

  @Option(names = "--detour-prob", defaultValue = "0.5",
      description = "chance per episode of a detour over a distractor before the expert recovers (labels stay the expert's); default: ${DEFAULT-VALUE}")
  double detourProb;

  @Option(names = "--early-close-prob", defaultValue = "0.3",
      description = "chance per episode that the executed gripper closes early in the descent while the label stays open; default: ${DEFAULT-VALUE}")
  double earlyCloseProb;

  @Option(names = "--push-prob", defaultValue = "0.02", description = "chance per step of a random push (default: ${DEFAULT-VALUE})")
  double pushProb;

  @Option(names = "--push-steps", defaultValue = "5", description = "length of a push, steps (default: ${DEFAULT-VALUE})")
  int pushSteps;

  @Option(names = "--image-size", defaultValue = "128", description = "H = W of both cameras, pixels (default: ${DEFAULT-VALUE})")
  int imageSize;

  @Option(names = "--controller-input-max", defaultValue = "1.0",
      description = "arm controller input range ±X (robosuite input_max); the expert scales its arm actions by X (default: ${DEFAULT-VALUE})")
  double controllerInputMax;

  @Option(names = {"--unnorm-key", "--dataset-key"}, description = "key of dataset_statistics.json (the unnorm_key); default vla4j_<suite>, required when --controller-input-max is not 1 (--dataset-key: the older spelling)")
  String datasetKey;

  @Option(names = "--first-init-state", defaultValue = "0",
      description = "TRAIN-stream init state of each task's first episode (default: ${DEFAULT-VALUE}); give DAgger rounds their own range")
  int firstInitState;

  @Option(names = "--dagger-policy",
      description = "DAgger: this learned policy (tiny-vla or a model folder) executes the actions while the expert's are recorded as labels; every episode is kept")
  String daggerPolicy;

  @Option(names = "--dagger-beta", defaultValue = "0",
      description = "DAgger: probability per step that the expert's action is executed instead of the policy's, in [0, 1] (default: ${DEFAULT-VALUE})")
  double daggerBeta;

  @Option(names = "--wait-steps", defaultValue = "openvla", description = "wait steps: openvla (10 x [0,0,0,0,0,0,-1]) or libero"
      + " (5 x zeros) (default: ${DEFAULT-VALUE})")
  String waitSteps;

  @Option(names = "--no-progress", description = "no progress bar on stderr")
  boolean noProgress;

  /** @return 0, or 1 when no episode succeeded (nothing usable was written) */
  @Override
  public Integer call() {
    Suite s = org.vla4j.eval.run.RunConfig.suite(suite, Suite.WaitSteps.of(waitSteps));
    List<Integer> ids = Selections.tasks(tasks, s);
    ControllerConfig controller = new ControllerConfig(controllerInputMax);
    String key = datasetKey;
    if (key == null) {
      if (!controller.isDefault()) {
        throw new IllegalArgumentException("--controller-input-max " + controllerInputMax
            + " makes another embodiment: name its statistics with --dataset-key (e.g. vla4j_" + s.name() + "_coarse)");
      }
      key = "vla4j_" + s.name();
    }
    if (noiseSigma < 0 || pushProb < 0 || pushProb > 1 || pushSteps < 0 || detourProb < 0 || detourProb > 1
        || earlyCloseProb < 0 || earlyCloseProb > 1) {
      throw new IllegalArgumentException(
          "noise must have --noise-sigma ≥ 0, --push-prob in [0, 1], --push-steps ≥ 0, --detour-prob and --early-close-prob in [0, 1]");
    }
    requireEmpty(out);
    int w = workers != null ? workers : Runtime.getRuntime().availableProcessors();
    DemoCollector.Dagger dagger = daggerPolicy == null ? null : dagger(daggerPolicy, daggerBeta, imageSize, controller);
    DemoCollector.Config cfg = new DemoCollector.Config(s, ids, episodesPerTask, seed,
        new ScriptedExpert.Noise(noiseSigma, pushProb, pushSteps, detourProb, earlyCloseProb), imageSize, controller, EnvConfig.forSuite(s).render(), w,
        firstInitState, dagger);
    var err = spec.commandLine().getErr();
    ProgressBar bar = noProgress ? null : new ProgressBarBuilder()
        .setTaskName("collect")
        .setInitialMax((long) ids.size() * episodesPerTask)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" episodes", 1)
        .setUpdateIntervalMillis(500)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .startsFrom(0, Duration.ZERO)
        .build();
    DemoCollector.Summary sum;
    try {
      sum = DemoCollector.collect(cfg, out, key, (done, total, kept, failed) -> {
        if (bar != null) {
          bar.stepTo(done);
          bar.setExtraMessage(kept + " kept, " + failed + " failed");
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalStateException e) {
      if (bar != null) bar.close();
      err.println("vla4j: " + e.getMessage() + " (" + ids.size() * episodesPerTask + " episodes attempted); "
          + "less noise (--noise-sigma, --push-prob) or more episodes may help");
      return 1;
    } finally {
      if (bar != null) bar.close();
    }
    err.println(String.format(Locale.ROOT,
        "vla4j: %d episodes attempted, %d kept, %d failed (dropped); %d frames in %.1f s (%.1f frames/s, %.2f episodes/s) -> %s (key '%s')",
        sum.attempted(), sum.kept(), sum.failed(), sum.frames(), sum.seconds(), sum.frames() / sum.seconds(),
        sum.attempted() / sum.seconds(), out, key));
    if (dagger != null) {
      err.println(String.format(Locale.ROOT, "vla4j: DAgger driver %s succeeded in %d of %d episodes (%.1f %%)", daggerPolicy,
          sum.driverSuccesses(), sum.kept(), 100.0 * sum.driverSuccesses() / Math.max(1, sum.kept())));
    }
    return 0;
  }

  /** The learned policy as a DAgger driver; loaded once here so a bad model fails before any episode. */
  private static DemoCollector.Dagger dagger(String policy, double beta, int imageSize, ControllerConfig controller) {
    if (!DefaultRunners.isModelFolder(policy)) {
      throw new IllegalArgumentException("--dagger-policy " + policy + ": not a model; give tiny-vla or a model folder holding config.json");
    }
    Path dir = DefaultRunners.modelDir(policy);
    EnvSpec spec = PolicyAgent.envSpec(new EnvConfig(imageSize, RenderSettings.FAST, true, true, controller));
    if (org.vla4j.policy.vla.FlowMatchingHead.declares(dir)) { // a chunk policy: its chunks run open loop whole (the default executor)
      var o = DefaultRunners.flowMatchingOverrides(policy, org.vla4j.eval.run.RunOptions.NONE);
      org.vla4j.policy.vla.OnnxFlowMatchingPolicy.load(dir, spec, o, 1).close();
      return new DemoCollector.Dagger(policy, () -> new PolicyAgent(org.vla4j.policy.vla.OnnxFlowMatchingPolicy.load(dir, spec, o, 1)), beta);
    }
    OnnxVlaPolicy.load(dir, spec, OnnxVlaPolicy.Overrides.NONE, 1).close();
    return new DemoCollector.Dagger(policy, () -> new PolicyAgent(OnnxVlaPolicy.load(dir, spec, OnnxVlaPolicy.Overrides.NONE, 1)), beta);
  }

  private static void requireEmpty(Path dir) {
    if (!Files.exists(dir)) return;
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--out " + dir + " exists and is not a folder");
    try (Stream<Path> s = Files.list(dir)) {
      if (s.findAny().isPresent()) throw new IllegalArgumentException("--out " + dir + " is not empty; give a new folder");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
