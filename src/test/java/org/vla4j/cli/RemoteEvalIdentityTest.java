package org.vla4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.eval.run.EvalListener;
import org.vla4j.eval.run.EvalRequest;
import org.vla4j.eval.run.Evaluation;
import org.vla4j.eval.run.MonitorChoice;
import org.vla4j.eval.run.RunOptions;
import org.vla4j.eval.run.RunnerProvider;
import org.vla4j.policy.steps.Fault;
import org.vla4j.policy.steps.image.ResizeMethod;
import org.vla4j.rollout.EpisodeRunner;
import org.vla4j.rollout.PolicyAgent;
import org.vla4j.serve.ObservationAdapter;
import org.vla4j.serve.PolicyServer;
import org.vla4j.serve.PolicySource;
import org.vla4j.serve.Protocol;
import org.vla4j.serve.ServerConfig;
import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.suite.Suite;

/**
 * The issue-15 guarantee: an eval of 10 episodes (the 10 tasks of suite object, init state 0, seed
 * 3) of tiny-vla through each protocol against an in-process {@code vla4j serve} on loopback writes
 * steps.jsonl and episodes.jsonl byte-identical to the in-process tiny-vla run; timings.jsonl gets
 * the call latencies and config.json the server. Episodes are cut to 30 policy steps (both sides
 * alike) to keep the test short.
 */
@Timeout(600)
class RemoteEvalIdentityTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_STEPS = 30;
  static PolicySource source;
  static final Map<Protocol, PolicyServer> servers = new java.util.EnumMap<>(Protocol.class);

  @BeforeAll
  static void serve() {
    source = PolicySource.model(Path.of("models/tiny-vla"), PolicyAgent.envSpec(EnvConfig.DEFAULT), null);
    for (Protocol p : Protocol.values()) {
      // the server rotates back what the clients rotate (the default) and keeps the size the clients send (128)
      servers.put(p, PolicyServer.start(p, source, ServerConfig.loopback(0, new ObservationAdapter(true, 0, ResizeMethod.PIL_BILINEAR))
          .withPool(4, Duration.ofSeconds(20))));
    }
  }

  @AfterAll
  static void stop() {
    servers.values().forEach(PolicyServer::close);
  }

  /** The CLI's runners on the suite cut to {@link #MAX_STEPS} policy steps. */
  static final RunnerProvider SHORT = new RunnerProvider() {
    final RunnerProvider d = DefaultRunners.provider();

    Suite cut(Suite s) {
      return new Suite(s.name(), s.tasks(), s.initStatesPerTask(), MAX_STEPS, s.waitSteps());
    }

    @Override
    public EpisodeRunner.Factory factory(Suite suite, String policy) {
      return d.factory(cut(suite), policy);
    }

    @Override
    public EpisodeRunner.Factory factory(Suite suite, String policy, RunOptions options) {
      return d.factory(cut(suite), policy, options);
    }

    @Override
    public List<String> pipeline(String policy, RunOptions options) {
      return d.pipeline(policy, options);
    }

    @Override
    public Map<String, Object> policyServer(String policy, RunOptions options) {
      return d.policyServer(policy, options);
    }

    @Override
    public List<String> policies() {
      return d.policies();
    }

    @Override
    public boolean knows(String policy) {
      return d.knows(policy);
    }
  };

  static Path eval(Path dir, String policy, int workers) {
    new Evaluation(SHORT).run(new EvalRequest("object", policy, "all", 1, "0", 3, dir, false, workers, List.of()), EvalListener.NONE);
    return dir;
  }

  static String uri(Protocol p) {
    int port = servers.get(p).port();
    return switch (p) {
      // tiny-vla takes the wrist camera and the state (vla4j extension keys); no client resize or crop;
      // the REST protocol advertises no policy name, so the step tag is given
      case OPENVLA_REST -> "openvla-rest://127.0.0.1:" + port + "?resize=0&crop=0&wrist=true&state=true&tag=tiny-vla";
      case OPENPI_WS -> "openpi-ws://127.0.0.1:" + port + "?size=0";
      case VLA_EVAL_WS -> "vla-eval-ws://127.0.0.1:" + port + "?size=0&format=raw";
    };
  }

  @Test
  void tenEpisodesThroughEachProtocolLogWhatTheInProcessRunLogs(@TempDir Path tmp) throws Exception {
    Path local = eval(tmp.resolve("local"), "tiny-vla", 2);
    List<String> localSteps = Files.readAllLines(local.resolve("steps.jsonl"));
    assertThat(Files.readAllLines(local.resolve("episodes.jsonl"))).hasSize(10);
    assertThat(localSteps).hasSizeGreaterThan(10 * 11); // wait steps and policy steps of every episode
    assertThat(localSteps.get(10)).contains("\"tag\":\"tiny-vla\"");
    for (Protocol p : Protocol.values()) {
      Path remote = eval(tmp.resolve(p.id()), uri(p), 2);
      for (String f : List.of("steps.jsonl", "episodes.jsonl")) {
        assertThat(Files.readAllBytes(remote.resolve(f))).as(p.id() + " " + f).isEqualTo(Files.readAllBytes(local.resolve(f)));
      }
      // timings: one line per episode with the calls (one per policy step: tiny-vla's chunks have H = 1)
      List<String> episodes = Files.readAllLines(remote.resolve("episodes.jsonl"));
      List<String> timings = Files.readAllLines(remote.resolve("timings.jsonl"));
      assertThat(timings).hasSize(10);
      for (int i = 0; i < 10; i++) {
        JsonNode t = JSON.readTree(timings.get(i));
        assertThat(t.get("policy_calls").asInt()).as(timings.get(i)).isEqualTo(JSON.readTree(episodes.get(i)).get("steps").asInt());
        assertThat(t.get("policy_call_p50_ms").asDouble()).isPositive().isLessThanOrEqualTo(t.get("policy_call_max_ms").asDouble());
        assertThat(t.has("policy_error")).isFalse();
      }
      JsonNode server = JSON.readTree(remote.resolve("config.json").toFile()).get("policy_server");
      assertThat(server.get("protocol").asText()).isEqualTo(p.id());
      assertThat(server.get("address").asText()).contains("127.0.0.1:" + servers.get(p).port());
      if (p != Protocol.OPENVLA_REST) {
        assertThat(server.get("metadata").get("policy").asText()).isEqualTo("tiny-vla");
        assertThat(server.get("metadata").get("pipeline").toString()).contains("rotate");
      }
    }
    // the in-process run has no policy fields in timings.jsonl and no policy_server
    assertThat(Files.readAllLines(local.resolve("timings.jsonl")).getFirst()).doesNotContain("policy_calls");
    assertThat(JSON.readTree(local.resolve("config.json").toFile()).has("policy_server")).isFalse();
  }

  @Test
  void noFlipIsAppliedOnTheClientAndGivesTheInProcessNoFlipActions(@TempDir Path tmp) throws Exception {
    // one episode: the client skips its rotation, the server rotates back, the model sees the unrotated frame
    EvalRequest local = new EvalRequest("object", "tiny-vla", "0", 1, "0", 3, tmp.resolve("l"), false, 1, List.of(), Fault.NO_FLIP,
        MonitorChoice.OFF);
    EvalRequest remote = new EvalRequest("object", uri(Protocol.OPENPI_WS), "0", 1, "0", 3, tmp.resolve("r"), false, 1, List.of(),
        Fault.NO_FLIP, MonitorChoice.OFF);
    new Evaluation(SHORT).run(local, EvalListener.NONE);
    new Evaluation(SHORT).run(remote, EvalListener.NONE);
    assertThat(Files.readAllBytes(tmp.resolve("r/steps.jsonl"))).isEqualTo(Files.readAllBytes(tmp.resolve("l/steps.jsonl")));
    // and no_flip did change the actions (else this would prove nothing)
    new Evaluation(SHORT).run(new EvalRequest("object", "tiny-vla", "0", 1, "0", 3, tmp.resolve("b"), false, 1, List.of()),
        EvalListener.NONE);
    assertThat(Files.readAllLines(tmp.resolve("b/steps.jsonl"))).isNotEqualTo(Files.readAllLines(tmp.resolve("l/steps.jsonl")));
    assertThat(JSON.readTree(tmp.resolve("r/config.json").toFile()).get("pipeline").toString()).doesNotContain("rotate180");
  }

  @Test
  void replayOfARemoteRunReRunsItAgainstTheServerAndSaysSoInOneLineWhenTheServerIsDown(@TempDir Path tmp) {
    Path run = tmp.resolve("run");
    try (PolicyServer s = PolicyServer.start(Protocol.OPENPI_WS, source,
        ServerConfig.loopback(0, new ObservationAdapter(true, 0, ResizeMethod.PIL_BILINEAR)))) {
      String uri = "openpi-ws://127.0.0.1:" + s.port() + "?size=0&attempts=1";
      CliRun.Result e = CliRun.run("eval", "--policy", uri, "--tasks", "0", "--episodes-per-task", "1", "--init-states", "0",
          "--workers", "1", "--out", run.toString(), "--no-progress");
      assertThat(e.code()).as(e.err()).isZero();
      CliRun.Result r = CliRun.run("replay", run.toString());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("episode 0: identical");
    }
    CliRun.Result down = CliRun.run("replay", run.toString());
    assertThat(down.code()).isEqualTo(2);
    assertThat(down.err().strip().lines().toList()).hasSize(1);
    assertThat(down.err()).contains("is not usable", "cannot connect");
  }

  @Test
  void serverOwnedTogglesAndAnAbsentServerAreOneLineErrors() throws Exception {
    RunnerProvider d = DefaultRunners.provider();
    Suite object = org.vla4j.sim.suite.Suites.get("object");
    assertThatThrownBy(() -> d.factory(object, uri(Protocol.OPENPI_WS), new RunOptions(Fault.BAD_PROMPT,
        org.vla4j.rollout.EpisodeMonitor.Factory.NONE))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--toggle bad_prompt").hasMessageContaining("server owns").hasMessageContaining("none, no_flip");
    assertThatThrownBy(() -> d.factory(object, uri(Protocol.VLA_EVAL_WS), new RunOptions(Fault.NONE,
        org.vla4j.rollout.EpisodeMonitor.Factory.NONE, "vla4j_object"))).hasMessageContaining("openvla-rest:// only");
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    CliRun.Result r = CliRun.run("eval", "--policy", "openpi-ws://127.0.0.1:" + closed + "?attempts=1", "--out",
        Files.createTempDirectory("vla4j-remote").resolve("run").toString(), "--no-progress");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines().toList()).hasSize(1);
    assertThat(r.err()).contains("is not usable", "cannot connect to ws://127.0.0.1:" + closed).doesNotContain("\tat ");
  }
}
