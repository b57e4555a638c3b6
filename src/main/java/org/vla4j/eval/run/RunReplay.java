package org.vla4j.eval.run;

import org.vla4j.policy.steps.Fault;
import org.vla4j.runlog.LoggedEpisode;
import org.vla4j.runlog.RunLogs;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.vla4j.rollout.EpisodeMonitor;
import org.vla4j.rollout.EpisodeResult;
import org.vla4j.rollout.EpisodeRunner;
import org.vla4j.runlog.Replay;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;

/**
 * Re-runs logged episodes of a run folder from their logged task, init state and seed, with the
 * suite, policy, toggle, monitor mode and chunk executor of its config.json, and checks them against the logged steps
 * ({@link Replay}). A run with a monitor is replayed with the default monitor settings of its mode.
 */
public final class RunReplay implements AutoCloseable {
  private final Path dir;
  private final List<LoggedEpisode> episodes;
  private final EpisodeRunner runner;

  /**
   * The outcome of replaying one episode.
   *
   * @param episode the logged episode
   * @param stepsCompared logged steps of the episode
   * @param divergence the first divergence, empty if the replay matches to the step
   * @param replayed what the re-run produced
   */
  public record Result(LoggedEpisode episode, int stepsCompared, Optional<Replay.Divergence> divergence, EpisodeResult replayed) {
    /** Whether every step matched. */
    public boolean identical() {
      return divergence.isEmpty();
    }
  }

  /**
   * Prepares replays of the run in {@code dir}.
   *
   * @param monitorsByMode makes the runtime monitor of the logged monitor mode
   * @param extra an additional per-episode hook (e.g. a frame recorder), or {@link EpisodeMonitor.Factory#NONE}
   * @throws IllegalArgumentException if {@code dir} is not a run folder, or its suite/policy/toggle is unknown
   */
  public RunReplay(Path dir, RunnerProvider provider, MonitorChoice.ByMode monitorsByMode, EpisodeMonitor.Factory extra) {
    this.dir = dir;
    JsonNode plan = RunLogs.config(dir).path("plan");
    Suite suite = RunConfig.suite(plan);
    String policy = plan.path("policy").asText();
    provider.requireKnown(policy);
    Fault toggle = Fault.parse(plan.path("toggle").asText("none"));
    EpisodeMonitor.Factory monitors = both(monitorsByMode.apply(plan.path("monitor").asText("off")).factory(), extra);
    String unnormKey = plan.hasNonNull("unnorm_key") ? plan.get("unnorm_key").asText() : null;
    org.vla4j.rollout.ChunkExecutor executor = plan.hasNonNull("executor")
        ? org.vla4j.rollout.ChunkExecutor.parse(plan.get("executor").asText()) : org.vla4j.rollout.ChunkExecutor.DEFAULT;
    RunOptions options = new RunOptions(toggle, monitors, unnormKey, executor);
    checkCameras(RunLogs.config(dir).path("fingerprint").path(RENDER_SETTINGS).asText(""),
        provider.setup(suite, policy, options).getOrDefault(RENDER_SETTINGS, ""));
    this.episodes = RunLogs.episodes(dir);
    this.runner = (options.isPlain() ? provider.factory(suite, policy) : provider.factory(suite, policy, options)).create();
  }

  private static final String RENDER_SETTINGS = "render_settings";

  /**
   * Refuses to replay LIBERO camera frames rendered otherwise than logged (e.g. with and without
   * multisampling, {@code VLA4J_LIBERO_RENDER}): every step would diverge, for a reason the divergence cannot name.
   */
  static void checkCameras(String logged, String now) {
    String libero = "libero cameras";
    if (logged.startsWith(libero) && now.startsWith(libero) && !logged.equals(now)) {
      throw new IllegalArgumentException("the run rendered its cameras with '" + logged + "', this replay would render with '" + now
          + "'; set " + org.vla4j.sim.env.EnvConfig.LIBERO_RENDER_ENV + " as the run had it");
    }
  }

  /** The logged episodes of the run. */
  public List<LoggedEpisode> episodes() {
    return episodes;
  }

  /**
   * Replays episode {@code index} and compares it with the log.
   *
   * @throws IllegalArgumentException if the run has no such episode (the message gives the valid range)
   */
  public Result replay(int index) {
    if (index < 0 || index >= episodes.size()) {
      throw new IllegalArgumentException("no episode " + index + " in " + dir + "; valid episodes: 0.." + (episodes.size() - 1));
    }
    LoggedEpisode e = episodes.get(index);
    List<String> logged = RunLogs.stepLines(dir, index);
    EpisodeResult r = runner.run(e.spec());
    Optional<Replay.Divergence> d = Replay.firstDivergence(logged, r.stepRecords());
    if (d.isEmpty()) d = Replay.outcomeDivergence(e, r);
    return new Result(e, logged.size(), d, r);
  }

  @Override
  public void close() {
    runner.close();
  }

  /** Both hooks on one episode: each sees every step; the first stop verdict (a's first) wins. */
  static EpisodeMonitor.Factory both(EpisodeMonitor.Factory a, EpisodeMonitor.Factory b) {
    if (a == EpisodeMonitor.Factory.NONE) return b;
    if (b == EpisodeMonitor.Factory.NONE) return a;
    return spec -> {
      EpisodeMonitor x = a.create(spec);
      EpisodeMonitor y = b.create(spec);
      if (x == null) return y;
      if (y == null) return x;
      return new EpisodeMonitor() {
        @Override
        public Optional<String> onStep(org.vla4j.rollout.StepRecord record, org.vla4j.sim.env.Observation seen,
            org.vla4j.rollout.StepDiagnostics diagnostics) {
          Optional<String> s = x.onStep(record, seen, diagnostics);
          Optional<String> t = y.onStep(record, seen, diagnostics);
          return s.isPresent() ? s : t;
        }

        @Override
        public List<org.vla4j.rollout.MonitorEvent> events() {
          List<org.vla4j.rollout.MonitorEvent> all = new java.util.ArrayList<>(x.events());
          all.addAll(y.events());
          return all;
        }
      };
    };
  }
}
