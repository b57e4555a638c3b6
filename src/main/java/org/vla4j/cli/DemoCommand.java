package org.vla4j.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.vla4j.eval.run.EvalRequest;
import org.vla4j.eval.run.RunnerProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vla4j demo}, the main job: a small evaluation of the best shipped policy on suite {@code object}
 * (tiny-vla; self-contained, no LIBERO needed) or, with {@code --suite libero_object}, on the real
 * LIBERO-Object read from the user's LIBERO install (tiny-vla-libero): all tasks, 2 episodes each (init
 * states 0-1), seed 0. The same code as {@code vla4j eval}; prints the table and where the run folder is.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "The main job: evaluate the best shipped policy on suite 'object' (or --suite libero_object: the real"
        + " LIBERO-Object, when LIBERO is found) on all tasks, 2 episodes each, seed 0, and print where the run folder is.")
public final class DemoCommand implements Callable<Integer> {
  /** The suites the demo runs: vla4j's own (the default, self-contained) and the real LIBERO-Object. */
  static final java.util.List<String> SUITES = java.util.List.of("object", "libero_object");
  /** Default suite, episodes per task, init states and seed of the demo. */
  static final String SUITE = "object";
  static final int EPISODES_PER_TASK = 2;
  static final String INIT_STATES = "0-1";
  static final long SEED = 0;

  @Spec CommandSpec spec;

  private final RunnerProvider runners;

  /** With the CLI's runners ({@link DefaultRunners}). */
  public DemoCommand() {
    this(DefaultRunners.provider());
  }

  /** With the given runners (tests). */
  public DemoCommand(RunnerProvider runners) {
    this.runners = runners;
  }

  @Option(names = "--suite", defaultValue = SUITE, description = "object (vla4j's own, default) or libero_object (the real"
      + " LIBERO-Object from $VLA4J_LIBERO_ROOT and $VLA4J_ROBOSUITE_ASSETS, or python3's libero and robosuite packages)")
  String suite;

  @Option(names = "--policy", description = "policy to evaluate instead of the best shipped one (tiny-vla; tiny-vla-libero on libero_object): a policy name,"
      + " a model folder or a remote policy URI such as openpi-ws://127.0.0.1:8000 (docs/REMOTE.md)")
  String policy;

  @Option(names = "--out", description = "run folder (default: runs/demo-<yyyyMMdd-HHmmss>)")
  Path out;

  @Option(names = "--workers", description = "episodes run in parallel (default: number of cores)")
  Integer workers;

  @Option(names = "--no-progress", description = "no progress bar on stderr")
  boolean noProgress;

  @Override
  public Integer call() {
    Path dir = out != null ? out
        : Path.of("runs", "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    if (!SUITES.contains(suite)) {
      throw new IllegalArgumentException("demo --suite " + suite + ": valid suites: " + String.join(", ", SUITES)
          + " (vla4j eval runs the others)");
    }
    String chosen = policy != null ? policy : runners.bestPolicy(suite);
    EvalRequest req = new EvalRequest(suite, chosen, "all", EPISODES_PER_TASK, INIT_STATES, SEED, dir, false,
        workers == null ? EvalCommand.defaultWorkers() : workers, EvalCommand.commandLine(spec));
    return EvalCommand.execute(req, runners, spec.commandLine(), !noProgress);
  }
}
