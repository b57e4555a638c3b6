package org.vla4j.cli;

import org.vla4j.diagnose.monitor.MonitorSettings;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vla4j.eval.run.RunReplay;
import org.vla4j.eval.run.RunnerProvider;
import org.vla4j.rollout.EpisodeMonitor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vla4j replay RUN_DIR --episode E}: re-runs logged episodes from their seed and init state and
 * checks every logged action and img_mean (as 4-decimal strings) to the step. Exit 0 if identical, 1
 * if not (the first divergence is printed), 2 on bad input.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Re-run logged episodes from their seed and init state; check every action and img_mean to the step."
        + " Exit 0 if identical, 1 if not.")
public final class ReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final RunnerProvider runners;

  /** With the CLI's runners. */
  public ReplayCommand() {
    this(DefaultRunners.provider());
  }

  /** With the given runners (tests). */
  public ReplayCommand(RunnerProvider runners) {
    this.runners = runners;
  }

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "run folder written by vla4j eval")
  Path dir;

  @Option(names = "--episode", split = ",", description = "episode(s) to replay, e.g. 3 or 0,1,2 (default: all)")
  int[] episodes;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    boolean all = true;
    try (RunReplay replay = new RunReplay(dir, runners, MonitorSettings::choiceFor, EpisodeMonitor.Factory.NONE)) {
      int[] which = episodes != null ? episodes : java.util.stream.IntStream.range(0, replay.episodes().size()).toArray();
      for (int e : which) {
        RunReplay.Result r = replay.replay(e);
        if (r.identical()) {
          out.println("episode " + e + ": identical (" + r.stepsCompared() + " steps)");
        } else {
          all = false;
          org.vla4j.rollout.EpisodeResult x = r.replayed();
          boolean serverFailed = org.vla4j.rollout.SimEpisodeRunner.POLICY_ERROR.equals(x.failureReason()) && x.policyCalls() != null;
          out.println("episode " + e + ": DIVERGES at " + r.divergence().get().describe()
              + (serverFailed ? " (the replay ended with policy_error: " + x.policyCalls().error() + ")" : ""));
        }
        out.flush();
      }
    }
    return all ? 0 : 1;
  }
}
