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
 * {@code vla4j demo}, the main job: a small evaluation of the best shipped policy (the scripted
 * expert until a trained VLA ships) on suite {@code object}: all tasks, 2 episodes each (init states
 * 0-1), seed 0. The same code as {@code vla4j eval}; prints the table and where the run folder is.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "The main job: evaluate the best shipped policy on suite 'object' (all tasks, 2 episodes each, seed 0)"
        + " and print where the run folder is.")
public final class DemoCommand implements Callable<Integer> {
  /** Suite, episodes per task, init states and seed of the demo. */
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

  @Option(names = "--policy", description = "policy to evaluate instead of the best shipped one (tiny-vla): a policy name,"
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
    String chosen = policy != null ? policy : runners.policies().getFirst();
    EvalRequest req = new EvalRequest(SUITE, chosen, "all", EPISODES_PER_TASK, INIT_STATES, SEED, dir, false,
        workers == null ? EvalCommand.defaultWorkers() : workers, EvalCommand.commandLine(spec));
    return EvalCommand.execute(req, runners, spec.commandLine(), !noProgress);
  }
}
