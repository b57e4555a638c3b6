package org.vla4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vla4j.eval.run.EvalRequest;
import org.vla4j.eval.run.RunnerProvider;
import org.vla4j.policy.steps.Fault;
import org.vla4j.eval.run.MonitorChoice;
import org.vla4j.eval.stats.ReferenceCheck;
import org.vla4j.eval.stats.Sweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vla4j sweep}: an evaluation over many seeds and init states of one task or a whole suite
 * (the same code as {@code eval}), then a per-episode table (success, final reward, first gripper-close
 * step, wall time) and the success rate ± standard error with its Wilson interval; {@code --compare-to P}
 * says whether the rate is within ±3 points of a published P %, or more than 5 below.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Evaluate over many seeds/init states of one task or a suite; print per-episode results,"
        + " success rate ± SE and Wilson 95%% interval.", "--compare-to P: within ±3 points of P%%, or more than 5 below (a bug until proven otherwise)?"})
public final class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final RunnerProvider runners;

  /** With the CLI's runners. */
  public SweepCommand() {
    this(DefaultRunners.provider());
  }

  /** With the given runners (tests). */
  public SweepCommand(RunnerProvider runners) {
    this.runners = runners;
  }

  @Option(names = "--suite", defaultValue = "object", description = "task suite: object or libero_object (default: ${DEFAULT-VALUE})")
  String suite;

  @Option(names = "--wait-steps", defaultValue = "openvla", description = "wait steps: openvla (10 x [0,0,0,0,0,0,-1]) or libero"
      + " (5 x zeros) (default: ${DEFAULT-VALUE})")
  String waitSteps;

  @Option(names = "--policy", defaultValue = "expert", description = "policy (default: ${DEFAULT-VALUE})")
  String policy;

  @Option(names = "--tasks", defaultValue = "all", description = "one task id, a list, or 'all' (default: ${DEFAULT-VALUE})")
  String tasks;

  @Option(names = "--episodes-per-task", defaultValue = "50", description = "episodes per task (default: ${DEFAULT-VALUE})")
  int episodesPerTask;

  @Option(names = "--init-states", defaultValue = "all", description = "init states cycled through (default: ${DEFAULT-VALUE})")
  String initStates;

  @Option(names = "--seed", defaultValue = "0", description = "run seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", required = true, description = "run folder to write")
  Path out;

  @Option(names = "--resume", description = "continue the run in --out")
  boolean resume;

  @Option(names = "--workers", description = "episodes run in parallel (default: number of cores)")
  Integer workers;

  @Option(names = "--compare-to", paramLabel = "PERCENT", description = "published success rate in percent, e.g. 88.4")
  Double compareTo;

  @Option(names = "--no-progress", description = "no progress bar on stderr")
  boolean noProgress;

  @Override
  public Integer call() {
    if (compareTo != null) ReferenceCheck.of(new org.vla4j.eval.stats.Proportion(0, 1), compareTo); // validate before running
    EvalRequest req = new EvalRequest(suite, policy, tasks, episodesPerTask, initStates, seed, out, resume,
        workers == null ? EvalCommand.defaultWorkers() : workers, EvalCommand.commandLine(spec), Fault.NONE, MonitorChoice.OFF, null,
        org.vla4j.eval.plan.Shard.ALL, org.vla4j.sim.suite.Suite.WaitSteps.of(waitSteps));
    EvalCommand.execute(req, runners, spec.commandLine(), !noProgress);
    Sweep s = Sweep.of(out);
    PrintWriter o = spec.commandLine().getOut();
    o.print(s.table());
    if (compareTo != null) o.println(ReferenceCheck.of(s.overall(), compareTo).describe());
    o.flush();
    return 0;
  }
}
