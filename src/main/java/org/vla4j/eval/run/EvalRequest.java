package org.vla4j.eval.run;

import org.vla4j.eval.plan.Shard;
import org.vla4j.policy.steps.Fault;
import org.vla4j.rollout.ChunkExecutor;
import java.nio.file.Path;
import java.util.List;
import org.vla4j.sim.suite.Suite;

/**
 * The arguments of one evaluation, as the user gave them.
 *
 * @param suite suite name, e.g. {@code object}
 * @param policy policy name, e.g. {@code expert}
 * @param tasks task selection, {@code all} or e.g. {@code 0,3} (see {@link Selections})
 * @param episodesPerTask trials per task, ≥ 1
 * @param initStates init-state selection, e.g. {@code 0-49} (cycled through by trial number)
 * @param seed the run seed; every episode's seed derives from it ({@link EpisodeSeeds})
 * @param out the run folder
 * @param resume continue the run already in {@code out}
 * @param workers episodes run in parallel, ≥ 1; does not change the logs
 * @param commandLine the command line as typed, recorded in config.json (may be empty)
 * @param toggle the processing break the policy applies (failure drills), {@link Fault#NONE} for none
 * @param monitor the runtime monitor ({@link MonitorChoice#OFF} for none)
 * @param unnormKey the statistics key to unnormalize with instead of the model's {@code unnorm_key}, or
 *     null for the model's own
 * @param shard the part of the plan this run executes ({@link Shard#ALL} for all of it)
 * @param waitSteps the wait-step protocol ({@link Suite.WaitSteps#OPENVLA} unless {@code --wait-steps} says otherwise)
 * @param batch episodes per worker whose policy queries go to the model as one batch, ≥ 1 (1: unbatched);
 *     does not change the logs
 * @param sequential the stopping rules ({@link SequentialStop#NONE} for none: the whole plan in plan order)
 * @param executor how a chunked policy's chunks become actions ({@link ChunkExecutor#DEFAULT} for open loop
 *     over the policy's own replan count)
 */
public record EvalRequest(
    String suite, String policy, String tasks, int episodesPerTask, String initStates, long seed, Path out,
    boolean resume, int workers, List<String> commandLine, Fault toggle, MonitorChoice monitor, String unnormKey,
    Shard shard, Suite.WaitSteps waitSteps, int batch, SequentialStop sequential, ChunkExecutor executor) {
  /** A request with OpenVLA's wait steps, unbatched, without stopping rule. */
  public EvalRequest(
      String suite, String policy, String tasks, int episodesPerTask, String initStates, long seed, Path out,
      boolean resume, int workers, List<String> commandLine, Fault toggle, MonitorChoice monitor, String unnormKey,
      Shard shard) {
    this(suite, policy, tasks, episodesPerTask, initStates, seed, out, resume, workers, commandLine, toggle, monitor, unnormKey, shard,
        Suite.WaitSteps.OPENVLA, 1, SequentialStop.NONE, ChunkExecutor.DEFAULT);
  }

  /** An unbatched request without stopping rule. */
  public EvalRequest(
      String suite, String policy, String tasks, int episodesPerTask, String initStates, long seed, Path out,
      boolean resume, int workers, List<String> commandLine, Fault toggle, MonitorChoice monitor, String unnormKey,
      Shard shard, Suite.WaitSteps waitSteps) {
    this(suite, policy, tasks, episodesPerTask, initStates, seed, out, resume, workers, commandLine, toggle, monitor, unnormKey, shard,
        waitSteps, 1, SequentialStop.NONE, ChunkExecutor.DEFAULT);
  }

  /** A request with OpenVLA's wait steps, without stopping rule. */
  public EvalRequest(
      String suite, String policy, String tasks, int episodesPerTask, String initStates, long seed, Path out,
      boolean resume, int workers, List<String> commandLine, Fault toggle, MonitorChoice monitor, String unnormKey,
      Shard shard, int batch) {
    this(suite, policy, tasks, episodesPerTask, initStates, seed, out, resume, workers, commandLine, toggle, monitor, unnormKey, shard,
        Suite.WaitSteps.OPENVLA, batch, SequentialStop.NONE, ChunkExecutor.DEFAULT);
  }

  /** A request with OpenVLA's wait steps, unbatched. */
  public EvalRequest(
      String suite, String policy, String tasks, int episodesPerTask, String initStates, long seed, Path out,
      boolean resume, int workers, List<String> commandLine, Fault toggle, MonitorChoice monitor, String unnormKey,
      Shard shard, SequentialStop sequential) {
    this(suite, policy, tasks, episodesPerTask, initStates, seed, out, resume, workers, commandLine, toggle, monitor, unnormKey, shard,
        Suite.WaitSteps.OPENVLA, 1, sequential, ChunkExecutor.DEFAULT);
  }

  /** A request with OpenVLA's wait steps, unbatched, without stopping rule. */
  public EvalRequest(
      String suite, String policy, String tasks, int episodesPerTask, String initStates, long seed, Path out,
      boolean resume, int workers, List<String> commandLine, Fault toggle, MonitorChoice monitor, String unnormKey,
      Shard shard, ChunkExecutor executor) {
    this(suite, policy, tasks, episodesPerTask, initStates, seed, out, resume, workers, commandLine, toggle, monitor, unnormKey, shard,
        Suite.WaitSteps.OPENVLA, 1, SequentialStop.NONE, executor);
  }

  public EvalRequest {
    java.util.Objects.requireNonNull(executor, "executor");
    if (waitSteps == null) waitSteps = Suite.WaitSteps.OPENVLA;
    java.util.Objects.requireNonNull(shard, "shard");
    java.util.Objects.requireNonNull(sequential, "sequential");
    commandLine = List.copyOf(commandLine);
    java.util.Objects.requireNonNull(toggle, "toggle");
    java.util.Objects.requireNonNull(monitor, "monitor");
  }

  /** A request without toggle and without monitor. */
  public EvalRequest(
      String suite, String policy, String tasks, int episodesPerTask, String initStates, long seed, Path out,
      boolean resume, int workers, List<String> commandLine) {
    this(suite, policy, tasks, episodesPerTask, initStates, seed, out, resume, workers, commandLine, Fault.NONE,
        MonitorChoice.OFF, null, Shard.ALL);
  }

  /** A request with the model's own unnorm_key. */
  public EvalRequest(
      String suite, String policy, String tasks, int episodesPerTask, String initStates, long seed, Path out,
      boolean resume, int workers, List<String> commandLine, Fault toggle, MonitorChoice monitor) {
    this(suite, policy, tasks, episodesPerTask, initStates, seed, out, resume, workers, commandLine, toggle, monitor, null, Shard.ALL);
  }
}
