package org.vla4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.eval.run.EvalListener;
import org.vla4j.eval.run.EvalRequest;
import org.vla4j.eval.run.Evaluation;
import org.vla4j.eval.run.RunOptions;
import org.vla4j.eval.run.RunnerProvider;
import org.vla4j.policy.steps.Fault;
import org.vla4j.diagnose.monitor.MonitorMode;
import org.vla4j.diagnose.monitor.MonitorSettings;
import org.vla4j.diagnose.monitor.RuntimeMonitor;
import org.vla4j.sim.env.RenderSettings;
import org.vla4j.report.HtmlReport;
import org.vla4j.report.Videos;
import org.vla4j.rollout.Agent;
import org.vla4j.rollout.EpisodeResult;
import org.vla4j.rollout.EpisodeRunner;
import org.vla4j.rollout.EpisodeSpec;
import org.vla4j.rollout.SimEpisodeRunner;
import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.env.Observation;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;
import org.vla4j.sim.env.TabletopEnv;
import picocli.CommandLine;

/**
 * On the real simulator (32×32 images to stay fast): 10 logged expert episodes replay to the step;
 * a changed log line is caught; the monitor in warn mode leaves the logs byte-identical; stop mode ends
 * a chattering episode; videos are recorded by replay and the report inlines them.
 */
class SimReplayMonitorTest {
  static final EnvConfig SMALL = new EnvConfig(32, RenderSettings.FAST, true, true);

  /** The CLI's real runner wiring, rendering small images. */
  static RunnerProvider provider() {
    return new RunnerProvider() {
      @Override
      public EpisodeRunner.Factory factory(Suite suite, String policy) {
        return factory(suite, policy, RunOptions.NONE);
      }

      @Override
      public EpisodeRunner.Factory factory(Suite suite, String policy, RunOptions options) {
        return DefaultRunners.runners(suite, policy, options, SMALL);
      }

      @Override
      public List<String> policies() {
        return DefaultRunners.POLICIES;
      }
    };
  }

  static String[] run(CommandLine cl, String... args) {
    CliRun.Result r = CliRun.run(cl, args);
    return new String[] {Integer.toString(r.code()), r.out(), r.err()};
  }

  static CommandLine cli(RunnerProvider p) {
    return Main.commandLine(new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        if (cls == ReplayCommand.class) return cls.cast(new ReplayCommand(p));
        if (cls == EvalCommand.class) return cls.cast(new EvalCommand(p));
        return CommandLine.defaultFactory().create(cls);
      }
    });
  }

  @Test
  void tenLoggedEpisodesReplayToTheStepAndADivergenceIsCaught(@TempDir Path tmp) throws Exception {
    Path a = tmp.resolve("a");
    new Evaluation(provider()).run(new EvalRequest("object", "expert", "0-4", 2, "0-1", 11, a, false, 2, List.of()), EvalListener.NONE);
    String[] r = run(cli(provider()), "replay", a.toString());
    assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
    assertThat(r[1].lines().filter(l -> l.contains(": identical (")).count()).isEqualTo(10);

    // change one logged action value of episode 3 at its 15th step
    Path b = tmp.resolve("b");
    Files.createDirectories(b);
    for (String f : List.of("config.json", "episodes.jsonl", "steps.jsonl")) Files.copy(a.resolve(f), b.resolve(f));
    List<String> lines = Files.readAllLines(b.resolve("steps.jsonl"));
    int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("{\"episode\":3,\"step\":15,")).findFirst().orElseThrow());
    String[] parts = lines.get(at).split("\"action\":\\[", 2);
    String changed = parts[0] + "\"action\":[0.4242," + parts[1].substring(parts[1].indexOf(',') + 1);
    lines.set(at, changed);
    Files.write(b.resolve("steps.jsonl"), lines);
    String[] bad = run(cli(provider()), "replay", b.toString(), "--episode", "3");
    assertThat(bad[0]).isEqualTo("1");
    assertThat(bad[1]).contains("episode 3: DIVERGES at step 15: action[0] logged 0.4242, replayed ");

    // edited outcomes are caught too: a flipped success in episodes.jsonl, a flipped done in steps.jsonl
    Path c = tmp.resolve("c");
    Files.createDirectories(c);
    for (String f : List.of("config.json", "episodes.jsonl", "steps.jsonl")) Files.copy(a.resolve(f), c.resolve(f));
    List<String> eps = Files.readAllLines(c.resolve("episodes.jsonl"));
    String flipped = eps.get(2).contains("\"success\":true") ? eps.get(2).replace("\"success\":true", "\"success\":false")
        : eps.get(2).replace("\"success\":false", "\"success\":true");
    eps.set(2, flipped);
    Files.write(c.resolve("episodes.jsonl"), eps);
    String[] outcome = run(cli(provider()), "replay", c.toString(), "--episode", "2");
    assertThat(outcome[0]).isEqualTo("1");
    assertThat(outcome[1]).contains("episode 2: DIVERGES at episodes.jsonl: success logged");
    List<String> steps = Files.readAllLines(a.resolve("steps.jsonl"));
    int last = steps.indexOf(steps.stream().filter(l -> l.startsWith("{\"episode\":1,") && l.contains("\"done\":")).reduce((x, y) -> y)
        .orElseThrow());
    String line = steps.get(last);
    steps.set(last, line.contains("\"done\":true") ? line.replace("\"done\":true", "\"done\":false") : line.replace("\"done\":false", "\"done\":true"));
    Files.write(c.resolve("episodes.jsonl"), Files.readAllLines(a.resolve("episodes.jsonl")));
    Files.write(c.resolve("steps.jsonl"), steps);
    String[] done = run(cli(provider()), "replay", c.toString(), "--episode", "1");
    assertThat(done[0]).isEqualTo("1");
    assertThat(done[1]).contains("episode 1: DIVERGES at step").contains(": done logged");

    // the monitor in warn mode sees the expert, raises nothing, and the logs stay byte-identical
    Path m = tmp.resolve("m");
    new Evaluation(provider()).run(new EvalRequest("object", "expert", "0", 2, "0-1", 11, m, false, 1, List.of(), Fault.NONE,
        MonitorSettings.of(MonitorMode.WARN).choice()), EvalListener.NONE);
    List<String> monitored = Files.readAllLines(m.resolve("steps.jsonl"));
    assertThat(monitored).isEqualTo(Files.readAllLines(a.resolve("steps.jsonl")).subList(0, monitored.size()));
    assertThat(Files.readAllLines(m.resolve("episodes.jsonl"))).isEqualTo(Files.readAllLines(a.resolve("episodes.jsonl")).subList(0, 2));
    assertThat(m.resolve("monitor.jsonl")).doesNotExist();

    // videos by replay: the first success (episode 0); no failures in this run
    List<Videos.Video> videos = Videos.record(a, 1, provider(), v -> {});
    assertThat(videos).hasSize(1);
    assertThat(videos.getFirst().replayMatched()).isTrue();
    byte[] gif = Files.readAllBytes(a.resolve("videos/episode_00000_success.gif"));
    assertThat(new String(gif, 0, 6, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
    String html = Files.readString(HtmlReport.write(a, -1));
    assertThat(html).contains("data:image/gif;base64," + java.util.Base64.getEncoder().encodeToString(gif));
  }

  @Test
  void stopModeEndsAChatteringEpisodeWithTheMonitorsName() {
    Agent chatter = new Agent() {
      int step;

      @Override
      public String tag() {
        return "chatter";
      }

      @Override
      public void reset(long seed) {
        step = 0;
      }

      @Override
      public double[] act(org.vla4j.sim.env.Env env, Observation observation) {
        return new double[] {0, 0, 0.05, 0, 0, 0, step++ % 2 == 0 ? 1 : -1};
      }
    };
    EnvConfig config = new EnvConfig(32, RenderSettings.FAST, true, false);
    try (SimEpisodeRunner runner = new SimEpisodeRunner(Suites.get("object"), config, chatter,
        RuntimeMonitor.factory(MonitorSettings.of(MonitorMode.STOP)))) {
      EpisodeResult r = runner.run(new EpisodeSpec(4, 0, 0, 1));
      assertThat(r.failureReason()).isEqualTo("monitor:gripper_chatter");
      assertThat(r.steps()).isEqualTo(20); // the first full 20-step window
      assertThat(r.monitorEvents()).hasSize(1);
      assertThat(r.monitorEvents().getFirst().episode()).isEqualTo(4);
      assertThat(r.monitorEvents().getFirst().step()).isEqualTo(10 + 19);
    }
  }

  @Test
  void theExpertRefusesTogglesWithExitTwo(@TempDir Path tmp) {
    String[] r = run(cli(provider()), "eval", "--tasks", "0", "--episodes-per-task", "1", "--toggle", "no_flip", "--out",
        tmp.resolve("t").toString(), "--no-progress");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("the expert has no preprocessing to break").contains("--toggle none");
    assertThat(tmp.resolve("t")).doesNotExist();
    String[] bad = run(cli(provider()), "eval", "--toggle", "upside_down", "--out", tmp.resolve("u").toString());
    assertThat(bad[0]).isEqualTo("2");
    assertThat(bad[2]).contains("valid toggles: none, no_flip, bad_prompt, bad_unnorm");
  }
}
