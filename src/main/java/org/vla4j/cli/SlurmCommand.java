package org.vla4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vla4j.eval.plan.EpisodePlan;
import org.vla4j.eval.plan.Selections;
import org.vla4j.eval.plan.Shard;
import org.vla4j.eval.slurm.JvmCommand;
import org.vla4j.eval.slurm.Sbatch;
import org.vla4j.eval.slurm.ShardProgress;
import org.vla4j.eval.slurm.SlurmJob;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vla4j slurm --shards N --out RUN -- eval …}: a sharded evaluation as a Slurm array job plus
 * a merge job that waits for it ({@link SlurmJob}, submitted with {@link Sbatch}); {@code vla4j slurm
 * status RUN} reports the shards' progress ({@link ShardProgress}).
 */
@Command(name = "slurm", mixinStandardHelpOptions = true, subcommands = SlurmCommand.Status.class,
    description = {
      "Run an evaluation as N shards on a Slurm cluster: an sbatch array job (task I runs eval --shard I/N into RUN/shards/shard-I)",
      "and a merge job after all of them succeed (--dependency=afterok) into RUN/merged. The scripts are written to RUN/slurm/",
      "(submit.sh submits them by hand). Give the eval arguments after --, e.g.",
      "  vla4j slurm --shards 8 --out runs/obj -- eval --policy tiny-vla --suite object",
      "vla4j slurm status RUN shows the progress."
    })
public final class SlurmCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final Sbatch sbatch;

  /** Submits with sbatch from PATH. */
  public SlurmCommand() {
    this(Sbatch.ON_PATH);
  }

  /** Submits with {@code sbatch} (tests name a missing one). */
  public SlurmCommand(Sbatch sbatch) {
    this.sbatch = sbatch;
  }

  @Option(names = "--shards", description = "number of shards N (array tasks), 1 to the plan's episode count")
  Integer shards;

  @Option(names = "--out", description = "run folder (new or empty): slurm/ scripts and logs, shards/shard-I, merged/")
  Path out;

  @Option(names = "--partition", description = "Slurm partition (default: the cluster's default)")
  String partition;

  @Option(names = "--gpus-per-shard", defaultValue = "0", description = "GPUs per array task, as --gres=gpu:G (default: ${DEFAULT-VALUE})")
  int gpusPerShard;

  @Option(names = "--cpus-per-shard", defaultValue = "1",
      description = "CPUs per array task (--cpus-per-task); also eval's --workers unless the eval arguments give it (default: ${DEFAULT-VALUE})")
  int cpusPerShard;

  @Option(names = "--time", description = "time limit per task in Slurm's format, e.g. 30 or 2:00:00 (default: the partition's)")
  String time;

  @Option(names = "--dry-run", description = "write the scripts, do not submit (submit later with RUN/slurm/submit.sh)")
  boolean dryRun;

  @Parameters(paramLabel = "EVAL", description = "after --: eval and its arguments, without --out, --shard and --resume")
  List<String> evalArgs = new ArrayList<>();

  @Override
  public Integer call() {
    if (shards == null || out == null) {
      throw new IllegalArgumentException("vla4j slurm needs --shards N and --out RUN, e.g. vla4j slurm --shards 4 --out runs/x -- eval --policy tiny-vla");
    }
    if (evalArgs.isEmpty() || !evalArgs.getFirst().equals("eval")) {
      throw new IllegalArgumentException("give the evaluation after --: vla4j slurm --shards " + shards + " --out " + out
          + " -- eval --policy … (got " + (evalArgs.isEmpty() ? "nothing" : "'" + evalArgs.getFirst() + "'") + ")");
    }
    List<String> args = List.copyOf(evalArgs.subList(1, evalArgs.size()));
    for (String a : args) {
      for (String own : List.of("--out", "--shard", "--resume")) {
        if (a.equals(own) || a.startsWith(own + "=")) {
          throw new IllegalArgumentException("leave " + own + " out of the eval arguments: vla4j slurm sets it (shard I of N runs"
              + " with --shard I/N --out RUN/shards/shard-I --resume)");
        }
      }
    }
    List<Integer> planned = planned(args, shards);
    SlurmJob.Resources res = new SlurmJob.Resources(partition, gpusPerShard, cpusPerShard, time);
    Path run = out.toAbsolutePath().normalize();
    SlurmJob job = new SlurmJob(run, Path.of("").toAbsolutePath(), JvmCommand.current(), args, planned, res);
    job.write();
    PrintWriter o = spec.commandLine().getOut();
    Path d = job.slurmDir();
    o.println("vla4j: " + planned.stream().mapToInt(Integer::intValue).sum() + " episodes in " + shards + " shards; wrote "
        + d.resolve("shards.sbatch") + ", " + d.resolve("merge.sbatch") + " and " + d.resolve("submit.sh"));
    if (dryRun) {
      o.println("vla4j: dry run, nothing submitted; submit with " + d.resolve("submit.sh"));
      return 0;
    }
    String array = sbatch.submit(d.resolve("shards.sbatch"), null);
    String merge = sbatch.submit(d.resolve("merge.sbatch"), array);
    job.recordJobs(array, merge);
    o.println("vla4j: submitted shards as job " + array + " (array 0-" + (shards - 1) + "), merge as job " + merge
        + " (after all shards succeed) into " + SlurmJob.mergedDir(run));
    o.println("vla4j: progress: vla4j slurm status " + out);
    return 0;
  }

  /**
   * Checks the eval arguments as {@code vla4j eval} would (so that a typo fails here, not in N jobs)
   * and returns the episodes each of the {@code n} shards gets.
   */
  static List<Integer> planned(List<String> args, int n) {
    List<String> probe = new ArrayList<>(List.of("eval"));
    probe.addAll(args);
    probe.addAll(List.of("--out", "probe"));
    EvalCommand ev;
    try {
      CommandLine.ParseResult pr = Main.commandLine().parseArgs(probe.toArray(String[]::new));
      ev = (EvalCommand) pr.subcommand().commandSpec().userObject();
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException("eval arguments: " + e.getMessage());
    }
    if (n < 1) throw new IllegalArgumentException("--shards must be >= 1, got " + n);
    Suite suite = Suites.get(ev.suite);
    DefaultRunners.provider().requireKnown(ev.policy);
    EpisodePlan plan = EpisodePlan.of(suite, Selections.tasks(ev.tasks, suite), ev.episodesPerTask,
        Selections.initStates(ev.initStates, suite), ev.seed);
    int total = plan.episodes().size();
    if (n > total) throw new IllegalArgumentException("--shards " + n + " is more than the plan's " + total + " episodes");
    List<Integer> planned = new ArrayList<>();
    for (int i = 0; i < n; i++) planned.add(new Shard(i, n).of(plan.episodes()).size());
    return planned;
  }

  /** {@code vla4j slurm status RUN}. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Progress of a vla4j slurm run, from its run folders: episodes written/planned per shard, finished, merged.")
  public static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "the --out folder of vla4j slurm")
    Path run;

    @Override
    public Integer call() {
      ShardProgress p = ShardProgress.read(run);
      PrintWriter o = spec.commandLine().getOut();
      o.println("run " + run + ": " + p.shards().size() + " shards" + (p.shardsJob() == null ? " (not submitted)"
          : ", shards job " + p.shardsJob() + ", merge job " + p.mergeJob()));
      o.println("shard  episodes   state");
      for (ShardProgress.Shard s : p.shards()) {
        String state = s.finished() ? "finished" : s.started() ? "running or stopped" : "not started";
        o.println(String.format(Locale.ROOT, "%5d  %4d/%-4d  %s", s.index(), s.written(), s.planned(), state));
      }
      o.println(String.format(Locale.ROOT, "total  %d/%d episodes, %d/%d shards finished, merged: %s", p.written(), p.planned(),
          p.finished(), p.shards().size(), p.merged() ? "yes, " + SlurmJob.mergedDir(run) : "no"));
      return 0;
    }
  }
}
