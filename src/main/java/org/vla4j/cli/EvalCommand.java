package org.vla4j.cli;

import org.vla4j.runlog.LoggedEpisode;
import org.vla4j.runlog.RunLogs;

import org.vla4j.eval.plan.Shard;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vla4j.eval.run.EvalListener;
import org.vla4j.eval.run.EvalRequest;
import org.vla4j.eval.run.Evaluation;
import org.vla4j.eval.run.RunnerProvider;
import org.vla4j.eval.run.SequentialStop;
import org.vla4j.eval.stats.SummaryTable;
import org.vla4j.policy.steps.Fault;
import org.vla4j.diagnose.monitor.MonitorMode;
import org.vla4j.diagnose.monitor.MonitorSettings;
import org.vla4j.diagnose.predicates.PredicateThresholds;
import org.vla4j.rollout.EpisodeResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vla4j eval}: evaluates a policy on a suite in closed loop and writes a run folder
 * (docs/FORMATS.md). The work is {@link Evaluation}; this class parses arguments and prints.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a policy on a task suite: each selected task × --episodes-per-task episodes, from seeded init states.",
      "Writes OUT/config.json, steps.jsonl, episodes.jsonl, timings.jsonl, summary.json (see docs/FORMATS.md).",
      "steps.jsonl and episodes.jsonl are byte-identical for the same arguments, whatever --workers and --batch."
    })
public final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final RunnerProvider runners;

  /** With the CLI's runners ({@link DefaultRunners}). */
  public EvalCommand() {
    this(DefaultRunners.provider());
  }

  /** With the given runners (tests). */
  public EvalCommand(RunnerProvider runners) {
    this.runners = runners;
  }

  @Option(names = "--suite", defaultValue = "object", description = "task suite: object, or libero_object (the real LIBERO, read"
      + " from the LIBERO install) (default: ${DEFAULT-VALUE})")
  String suite;

  @Option(names = "--wait-steps", defaultValue = "openvla", description = "wait steps before the policy acts: openvla"
      + " (10 x [0,0,0,0,0,0,-1]) or libero (LIBERO's own 5 x zeros) (default: ${DEFAULT-VALUE})")
  String waitSteps;

  @Option(names = "--policy", defaultValue = "expert", description = "policy to evaluate: expert, tiny-vla, a model folder, or a"
      + " remote policy openvla-rest://HOST:PORT?unnorm_key=K, openpi-ws://HOST:PORT, vla-eval-ws://HOST:PORT (docs/REMOTE.md)"
      + " (default: ${DEFAULT-VALUE})")
  String policy;

  @Option(names = "--tasks", defaultValue = "all", description = "task ids: 'all', or e.g. 0,3 or 0-4 (default: ${DEFAULT-VALUE})")
  String tasks;

  @Option(names = "--episodes-per-task", defaultValue = "50", description = "episodes per task (default: ${DEFAULT-VALUE})")
  int episodesPerTask;

  @Option(names = "--init-states", defaultValue = "all",
      description = "init states cycled through by trial number: 'all', A-B, A or a comma list (default: ${DEFAULT-VALUE})")
  String initStates;

  @Option(names = "--seed", defaultValue = "0", description = "run seed; episode seeds derive from it (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", required = true, description = "run folder to write")
  Path out;

  @Option(names = "--resume", description = "continue the run in --out: skip the episodes already written")
  boolean resume;

  @Option(names = "--workers", description = "episodes run in parallel (default: number of cores)")
  Integer workers;

  @Option(names = "--batch", defaultValue = "1",
      description = "episodes per worker advanced in lockstep whose policy queries go to a model folder policy as one batch"
          + " (worker threads x batch episodes in flight); the logs do not depend on it (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--no-progress", description = "no progress bar on stderr")
  boolean noProgress;

  @Option(names = "--toggle", defaultValue = "none",
      description = "failure drill: break one processing step of a learned policy: none, no_flip, bad_prompt, bad_unnorm"
          + " (default: ${DEFAULT-VALUE}; the expert accepts only none)")
  String toggle;

  @Option(names = "--unnorm-key",
      description = "statistics key (dataset_statistics.json) to unnormalize a learned policy's actions with, instead of its"
          + " config.json's unnorm_key; recorded in the run's plan")
  String unnormKey;

  @Option(names = "--shard", defaultValue = "0/1",
      description = "run only shard I of N of the plan (episodes whose index is I mod N) into --out; join the shards with"
          + " vla4j merge (default: ${DEFAULT-VALUE}, the whole plan)")
  String shard;

  @Option(names = "--executor", defaultValue = "open-loop",
      description = "how a chunked policy's action chunks become actions: open-loop (the policy's own replan count; the whole"
          + " chunk for in-process models), open-loop:N, ensemble:M (ACT's temporal ensemble, weights exp(-M*i), oldest i=0),"
          + " queue:weighted or queue:latest (LeRobot's async queue merge, optional :G refill threshold, default 0.5);"
          + " recorded in the plan and the fingerprint (default: ${DEFAULT-VALUE})")
  String executor;

  @Option(names = "--monitor", defaultValue = "off",
      description = "runtime monitor: off, warn (log events to OUT/monitor.jsonl) or stop (also end the episode)"
          + " (default: ${DEFAULT-VALUE})")
  String monitor;

  @Option(names = "--thresholds", description = "JSON file of failure-predicate thresholds for the monitor (see docs/CLI.md)")
  Path thresholds;

  @Option(names = "--video", defaultValue = "0",
      description = "record GIFs of the first K successes and the first K failures (by episode index) under OUT/videos/,"
          + " by replaying them after the run (default: ${DEFAULT-VALUE})")
  int video;

  @Option(names = "--until-ci-width", paramLabel = "W",
      description = "sequential: run the plan in a seeded order and stop once the 95 %% Wilson interval of the overall rate is"
          + " narrower than W (e.g. 0.1)")
  Double untilCiWidth;

  @Option(names = "--sequential-vs", paramLabel = "RUN",
      description = "sequential: run the plan in a seeded order and stop once a Wald SPRT decides whether this policy's rate"
          + " differs from the finished run RUN's by --detect (paired on shared episodes, else against RUN's rate)")
  Path sequentialVs;

  @Option(names = "--detect", defaultValue = "0.05",
      description = "--sequential-vs: the rate difference to detect (default: ${DEFAULT-VALUE})")
  double detect;

  @Option(names = "--alpha", defaultValue = "0.05",
      description = "--sequential-vs: two-sided false-alarm rate (default: ${DEFAULT-VALUE})")
  double alpha;

  @Option(names = "--power", defaultValue = "0.8",
      description = "--sequential-vs: probability of detecting a difference of --detect, per direction (default: ${DEFAULT-VALUE})")
  double power;

  @Option(names = "--order-seed",
      description = "seed of the episode order of a sequential evaluation (default: --seed)")
  Long orderSeed;

  @Option(names = "--allow-mismatch",
      description = "--sequential-vs: test even when RUN was made with another renderer, MuJoCo, render settings or suite")
  boolean allowMismatch;

  @Override
  public Integer call() {
    if (untilCiWidth == null && sequentialVs == null && (orderSeed != null || allowMismatch)) {
      throw new IllegalArgumentException("--order-seed and --allow-mismatch apply to a sequential evaluation only; add"
          + " --until-ci-width W or --sequential-vs RUN, or drop them");
    }
    SequentialStop stop = untilCiWidth == null && sequentialVs == null ? SequentialStop.NONE
        : new SequentialStop(untilCiWidth, sequentialVs, detect, alpha, power, orderSeed, allowMismatch);
    EvalRequest req = new EvalRequest(suite, policy, tasks, episodesPerTask, initStates, seed, out, resume,
        workers == null ? defaultWorkers() : workers, commandLine(spec), Fault.parse(toggle), monitorSettings(monitor, thresholds).choice(), unnormKey,
        Shard.parse(shard), org.vla4j.sim.suite.Suite.WaitSteps.of(waitSteps), batch, stop,
        org.vla4j.rollout.ChunkExecutor.parse(executor));
    if (video < 0) throw new IllegalArgumentException("--video must be >= 0, got " + video);
    int rc = execute(req, runners, spec.commandLine(), !noProgress);
    if (video > 0) VideoPass.record(req.out(), video, runners, spec.commandLine());
    return rc;
  }

  /** The monitor settings for {@code --monitor MODE [--thresholds FILE]}. */
  static MonitorSettings monitorSettings(String mode, Path thresholds) {
    MonitorSettings m = MonitorSettings.of(MonitorMode.parse(mode));
    return thresholds == null ? m : m.withThresholds(PredicateThresholds.load(thresholds));
  }

  static int defaultWorkers() {
    return Runtime.getRuntime().availableProcessors();
  }

  static List<String> commandLine(CommandSpec spec) {
    CommandLine.ParseResult pr = spec.commandLine().getParseResult();
    List<String> args = new java.util.ArrayList<>(List.of("vla4j"));
    List<String> given = pr == null ? List.of() : pr.originalArgs();
    // picocli's original arguments start at the top-level command, so they already name the subcommand
    if (given.isEmpty() || !given.getFirst().equals(spec.name())) args.add(spec.name());
    args.addAll(given);
    return args;
  }

  /**
   * Runs the evaluation, says on stderr where the run folder is once the arguments are checked,
   * prints the summary table and the run folder on stdout; returns the exit code 0.
   */
  static int execute(EvalRequest req, RunnerProvider runners, CommandLine cl, boolean progress) {
    PrintWriter err = cl.getErr();
    String where = req.out().toAbsolutePath().normalize().toString();
    Evaluation.Outcome o;
    try (ConsoleProgress bar = progress ? new ConsoleProgress(System.err) : null) {
      EvalListener listener = new EvalListener() {
        @Override
        public void started(int total, int done, int successes) {
          err.println("vla4j: evaluating policy '" + req.policy() + "' on suite '" + req.suite() + "': " + total
              + " episodes" + (done > 0 ? " (" + done + " already written)" : "") + ", run folder " + where);
          err.flush();
          if (bar != null) bar.started(total, done, successes);
        }

        @Override
        public void episodeWritten(EpisodeResult result, int done, int successes) {
          if (bar != null) bar.episodeWritten(result, done, successes);
        }
      };
      o = new Evaluation(runners).run(req, listener);
    }
    PrintWriter out = cl.getOut();
    out.print(SummaryTable.format(o.summary()));
    if (o.stopNote() != null) out.println(o.stopNote());
    out.println("run folder: " + where);
    out.flush();
    List<LoggedEpisode> all = RunLogs.episodes(req.out());
    if (!all.isEmpty() && all.stream().allMatch(e -> isError(e.failureReason()))) {
      err.println("vla4j: every episode ended with an error, not a failure of the task (first: " + all.getFirst().failureReason()
          + "); the success rate above measures nothing; fix the setup and rerun");
      err.flush();
      return 1;
    }
    return 0;
  }

  /** Whether a failure reason is an error of the setup (runner or policy), not of the task. */
  static boolean isError(String failureReason) {
    return failureReason != null && (failureReason.startsWith("error") || failureReason.equals("policy_error"));
  }
}
