package org.vla4j.eval.run;

import org.vla4j.eval.plan.EpisodePlan;
import org.vla4j.eval.plan.Selections;
import org.vla4j.eval.stats.EvalSummary;
import org.vla4j.rollout.ParallelEpisodes;
import org.vla4j.runlog.EpisodeOutcome;
import org.vla4j.runlog.JsonFiles;
import org.vla4j.runlog.RunFolder;
import org.vla4j.runlog.RunLock;
import org.vla4j.runlog.RunLogs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.vla4j.runlog.EpisodeLogWriter;
import org.vla4j.rollout.EpisodeRunner;
import org.vla4j.rollout.EpisodeSpec;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;

/**
 * Runs an evaluation end to end: checks the arguments, plans the episodes ({@link EpisodePlan}),
 * prepares the run folder ({@link RunFolder}, resuming if asked), writes {@code config.json}, runs
 * the remaining episodes on {@code --workers} × {@code --batch} threads ({@link ParallelEpisodes}; with
 * a batch, each worker's B episodes query one model in lockstep, {@link org.vla4j.rollout.LockstepBatches}) while appending them
 * in canonical order to {@code steps.jsonl}, {@code timings.jsonl} and {@code episodes.jsonl}
 * ({@link EpisodeLogWriter}), and finally writes {@code summary.json}.
 *
 * <p>{@code steps.jsonl} and {@code episodes.jsonl} depend only on the plan's arguments and the
 * runners, never on the worker count, batch size, completion order, wall time or interruptions followed by
 * {@code --resume}.
 */
public final class Evaluation {
  private final RunnerProvider runners;

  /** @param runners maps policy names to runner factories */
  public Evaluation(RunnerProvider runners) {
    this.runners = runners;
  }

  /**
   * What an evaluation produced.
   *
   * @param stopNote for a sequential evaluation, where it stopped and why (and the sequential test's
   *     decision), several lines; null otherwise
   */
  public record Outcome(Path runDir, EvalSummary summary, String stopNote) {
    public Outcome(Path runDir, EvalSummary summary) {
      this(runDir, summary, null);
    }
  }

  /**
   * Runs the evaluation described by {@code req}.
   *
   * @throws IllegalArgumentException for bad input (unknown suite or policy, task id or init state out
   *     of range, episodes-per-task or workers &lt; 1, unusable or already used output folder, resume
   *     impossible, a toggle or monitor the policy does not support); the message names the bad value and the valid choices
   * @throws RuntimeException or {@link Error} if the run aborts (e.g. a runner cannot be created);
   *     the episodes written so far stay and {@code --resume} continues after them
   */
  public Outcome run(EvalRequest req, EvalListener listener) {
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    Suite suite = RunConfig.suite(req.suite(), req.waitSteps());
    runners.requireKnown(req.policy());
    if (req.workers() < 1) throw new IllegalArgumentException("--workers must be at least 1, got " + req.workers());
    if (req.batch() < 1) throw new IllegalArgumentException("--batch must be at least 1, got " + req.batch());
    List<Integer> taskIds = Selections.tasks(req.tasks(), suite);
    List<Integer> initStates = Selections.initStates(req.initStates(), suite);
    EpisodePlan plan = EpisodePlan.of(suite, taskIds, req.episodesPerTask(), initStates, req.seed());
    ObjectNode planKey = RunConfig.planKey(suite.name(), req.policy(), taskIds, req.episodesPerTask(), initStates, req.seed(),
        req.toggle(), req.monitor().mode(), req.unnormKey(), req.executor());
    if (req.waitSteps() != Suite.WaitSteps.OPENVLA) planKey.put("wait_steps", req.waitSteps().wireName()); // only when not the default
    if (!req.shard().isAll()) planKey.put("shard", req.shard().toString()); // only when sharded: unsharded runs resume as before
    SequentialStop stop = req.sequential();
    if (stop.active() && !req.shard().isAll()) {
      throw new IllegalArgumentException("--until-ci-width and --sequential-vs decide on the whole run's episodes; they cannot be"
          + " combined with --shard " + req.shard() + "; drop --shard");
    }
    if (stop.active()) planKey.set("sequential", stop.planEntry(req.seed())); // only when given: other runs resume as before
    List<EpisodeSpec> mine = stop.active()
        ? org.vla4j.eval.plan.EpisodeOrder.shuffled(plan.episodes(), stop.orderSeed() == null ? req.seed() : stop.orderSeed())
        : req.shard().of(plan.episodes());

    // resolve the runners before touching the folder: a policy that cannot be loaded leaves no trace
    RunOptions options = new RunOptions(req.toggle(), req.monitor().factory(), req.unnormKey(), req.batch(), req.executor());
    EpisodeRunner.Factory factory = options.isPlain() ? runners.factory(suite, req.policy())
        : runners.factory(suite, req.policy(), options);
    java.util.Map<String, Object> server = runners.policyServer(req.policy(), options); // a remote policy's server, for config.json

    // the reference and the test's parameters are checked before the folder is touched
    SequentialStop.Reference reference = stop.versus() == null ? null : SequentialStop.Reference.load(stop.versus());
    SequentialStop.Progress initial = stop.active() ? SequentialStop.Progress.start(stop, reference, mine) : null;

    Path dir = req.out();
    RunFolder.ensureUsable(dir);
    try (RunLock lock = RunLock.acquire(dir)) {
      ObjectNode fingerprint = Fingerprint.of(suite, Fingerprint.withExecutor(runners.setup(suite, req.policy(), options), req.executor()));
      if (req.resume() && Files.exists(dir.resolve(RunFolder.CONFIG))) {
        JsonNode stored = RunLogs.config(dir).path("fingerprint");
        List<String> changed = stored.isObject() ? Fingerprint.diff(stored, fingerprint, null) : List.of();
        if (!changed.isEmpty()) {
          throw new IllegalArgumentException("cannot --resume in " + dir + ": the setup changed since its episodes were written ("
              + String.join("; ", changed) + "); finish it with the original setup, or start a new --out");
        }
      }
      if (reference != null) reference.checkSetup(fingerprint, stop.allowMismatch());
      SequentialStop.Progress[] progress = {initial};
      List<EpisodeOutcome> written = new ArrayList<>(RunFolder.prepare(dir, req.resume(), mine, planKey));
      if (!req.resume() || !Files.exists(dir.resolve(RunFolder.CONFIG))) {
        ObjectNode config = RunConfig.build(req, suite, planKey, mine.size(), start, runners.pipeline(req.policy(), options),
            fingerprint, server);
        if (stop.active()) {
          var order = config.putArray("order"); // the seeded order, by plan index
          for (EpisodeSpec e : mine) order.add(e.index());
        }
        JsonFiles.write(dir.resolve(RunFolder.CONFIG), config);
      }
      int resumedAt = written.size();
      if (progress[0] != null) {
        for (int i = 0; i < written.size(); i++) progress[0] = progress[0].observe(mine.get(i), written.get(i).success());
      }
      List<EpisodeSpec> todo = progress[0] != null && progress[0].done() ? List.of() : mine.subList(written.size(), mine.size());

      int[] successes = {(int) written.stream().filter(EpisodeOutcome::success).count()};
      listener.started(mine.size(), written.size(), successes[0]);
      try (EpisodeLogWriter logs = new EpisodeLogWriter(dir)) {
        // --batch B: B episode threads per worker, whose policy queries each step go to the model as one batch;
        // a stopping rule is checked on the written prefix, in the seeded order: episodes past the
        // stop that other workers already finished are dropped unlogged, so the logs do not depend on --workers
        ParallelEpisodes.runWhile(todo, req.workers() * req.batch(), factory, id -> suite.task(id).instruction(), result -> {
          EpisodeSpec spec = mine.get(written.size());
          logs.append(spec, result);
          written.add(new EpisodeOutcome(spec.index(), spec.taskId(), result.success()));
          if (result.success()) successes[0]++;
          listener.episodeWritten(result, written.size(), successes[0]);
          if (progress[0] == null) return true;
          progress[0] = progress[0].observe(spec, result.success());
          return !progress[0].done();
        });
      }
      listener.finished();
      double wall = (System.nanoTime() - t0) / 1e9;
      EvalSummary summary = EvalSummary.of(suite, req.policy(), taskIds, written, wall, written.size() - resumedAt);
      ObjectNode summaryJson = summary.toJson();
      if (progress[0] != null) summaryJson.set("stop", progress[0].toJson(mine.size()));
      JsonFiles.write(dir.resolve(RunFolder.SUMMARY), summaryJson);
      return new Outcome(dir, summary, progress[0] == null ? null : progress[0].describe(mine.size()));
    }
  }
}
