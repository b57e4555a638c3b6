package org.vla4j.policy.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.policy.Policy;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.rollout.EpisodeResult;
import org.vla4j.rollout.EpisodeSpec;
import org.vla4j.rollout.ParallelEpisodes;
import org.vla4j.rollout.PolicyAgent;
import org.vla4j.rollout.SimEpisodeRunner;
import org.vla4j.runlog.EpisodeLogWriter;
import org.vla4j.serve.ObservationAdapter;
import org.vla4j.serve.PolicyServer;
import org.vla4j.serve.PolicySource;
import org.vla4j.serve.Protocol;
import org.vla4j.serve.ServerConfig;
import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.env.RenderSettings;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;

/**
 * Real episodes (MuJoCo, the LIBERO protocol) with a remote policy whose server stalls, closes
 * mid-reply or answers garbage: the episode ends with failure_reason {@code policy_error} within
 * the read timeout, its steps so far are logged, timings.jsonl says why, and the next episode runs.
 */
@Timeout(120)
class RemoteEpisodeFailureTest {
  static final EnvConfig ENV = new EnvConfig(64, RenderSettings.FAST, true, true);
  static final int MAX_STEPS = 6;
  static final Suite SUITE;

  static {
    Suite s = Suites.get("object");
    SUITE = new Suite(s.name(), s.tasks(), s.initStatesPerTask(), MAX_STEPS, s.waitSteps());
  }

  static final String TIMEOUTS = "read_timeout_ms=700&connect_timeout_ms=700&attempts=2";
  static final List<EpisodeSpec> TWO = List.of(new EpisodeSpec(0, 0, 0, 11), new EpisodeSpec(1, 1, 0, 12));
  final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) c.close();
  }

  /** Runs {@link #TWO} with one worker and the policy at {@code uri}; writes them to {@code dir}. */
  static List<EpisodeResult> run(String uri, Path dir) {
    List<EpisodeResult> out = new ArrayList<>();
    try (EpisodeLogWriter logs = new EpisodeLogWriter(dir)) {
      ParallelEpisodes.run(TWO, 1, SimEpisodeRunner.factory(SUITE, ENV, () -> new PolicyAgent(RemotePolicies.open(uri))),
          id -> SUITE.task(id).instruction(), r -> {
            logs.append(r.spec(), r);
            out.add(r);
          });
    }
    return out;
  }

  static void assertPolicyError(EpisodeResult r, int steps, String message) {
    assertThat(r.failureReason()).isEqualTo(SimEpisodeRunner.POLICY_ERROR);
    assertThat(r.steps()).isEqualTo(steps);
    assertThat(r.stepRecords()).hasSize(SUITE.waitSteps() + steps); // the wait steps and the policy steps so far
    assertThat(r.policyCalls().error()).contains(message);
    assertThat(r.policyCalls().calls()).isEqualTo(steps);
  }

  /** An openpi-ws server whose policy answers [0.1, 0, 0, 0, 0, 0, -1] and stalls 3 s on its call number {@code stallAt} (0-based). */
  PolicyServer stallingServer(int stallAt) {
    AtomicInteger calls = new AtomicInteger();
    PolicySource src = PolicySource.of("flaky", List.of("k"), 0, k -> new Policy() {
      @Override
      public String name() {
        return "flaky";
      }

      @Override
      public List<String> pipeline() {
        return List.of();
      }

      @Override
      public PolicyOutput act(PolicyInput in) {
        if (calls.getAndIncrement() == stallAt) {
          try {
            Thread.sleep(3000);
          } catch (InterruptedException ignored) {
            // server stopping
          }
        }
        return new PolicyOutput(new double[] {0.1, 0, 0, 0, 0, 0, -1}, new int[0], 0);
      }

      @Override
      public void close() {}
    });
    PolicyServer s = PolicyServer.start(Protocol.OPENPI_WS, src, ServerConfig.loopback(0, ObservationAdapter.NONE)
        .withPool(4, Duration.ofSeconds(5)));
    open.add(s);
    return s;
  }

  @Test
  void aStallEndsTheEpisodeWithPolicyErrorWithinTheTimeoutAndTheNextEpisodeRuns(@TempDir Path tmp) throws Exception {
    PolicyServer s = stallingServer(2);
    long t0 = System.nanoTime();
    List<EpisodeResult> rs = run("openpi-ws://127.0.0.1:" + s.port() + "?size=0&" + TIMEOUTS, tmp);
    assertThat((System.nanoTime() - t0) / 1e9).as("seconds").isLessThan(20);
    assertThat(rs).hasSize(2);
    assertPolicyError(rs.get(0), 2, "read timeout of 700 ms");
    assertThat(rs.get(0).wallSeconds()).isLessThan(2.9); // did not wait for the stalled reply (3 s)
    // the client reconnected: the next episode ran to its end, tagged by the server's policy name
    assertThat(rs.get(1).failureReason()).isEqualTo("timeout");
    assertThat(rs.get(1).steps()).isEqualTo(MAX_STEPS);
    assertThat(rs.get(1).policyCalls().calls()).isEqualTo(MAX_STEPS);
    assertThat(rs.get(1).stepRecords().getLast().tag()).isEqualTo("flaky");
    List<String> episodes = Files.readAllLines(tmp.resolve("episodes.jsonl"));
    assertThat(episodes.get(0)).contains("\"steps\":2,").contains("\"failure_reason\":\"policy_error\"");
    assertThat(episodes.get(1)).contains("\"failure_reason\":\"timeout\"");
    List<String> timings = Files.readAllLines(tmp.resolve("timings.jsonl"));
    assertThat(timings.get(0)).contains("\"policy_calls\":2,", "\"policy_error\":\"", "read timeout of 700 ms");
    assertThat(timings.get(1)).contains("\"policy_calls\":6,").doesNotContain("policy_error");
    assertThat(Files.readAllLines(tmp.resolve("steps.jsonl"))).hasSize(2 * SUITE.waitSteps() + 2 + MAX_STEPS);
  }

  /**
   * Reads the whole request (head and Content-Length body), then answers HTTP 200 with {@code body}
   * and closes: closing with the request unread would reset the connection before the client reads
   * the reply (the episode's 64×64 images make the body large).
   */
  static java.util.function.Consumer<java.net.Socket> readBodyThenAnswer(String body) {
    return s -> {
      try {
        java.io.InputStream in = s.getInputStream();
        String head = ClientFaultTest.readHead(in);
        if (head.isEmpty()) return; // the client's connection probe closed without a request
        int n = head.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")).findFirst()
            .map(l -> Integer.parseInt(l.substring(15).trim())).orElse(0);
        in.readNBytes(n);
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ClientFaultTest.write(s, ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + b.length
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        ClientFaultTest.write(s, b);
        s.shutdownOutput();
        in.readAllBytes(); // until the client closes
      } catch (java.io.IOException ignored) {
        // the client went
      } finally {
        ClientFaultTest.quietly(s);
      }
    };
  }

  @Test
  void aServerThatClosesMidReplyOrAnswersGarbageGivesPolicyErrorEpisodesAndTheRunGoesOn(@TempDir Path tmp) throws Exception {
    ClientFaultTest.RawServer closes = new ClientFaultTest.RawServer(ClientFaultTest.HTTP_CLOSE_MID_REPLY);
    ClientFaultTest.RawServer html = new ClientFaultTest.RawServer(readBodyThenAnswer("<html>hello</html>"));
    ClientFaultTest.RawServer wsGarbage = new ClientFaultTest.RawServer(ClientFaultTest.websocket(
        ClientFaultTest.binaryFrame("garbage".getBytes(StandardCharsets.US_ASCII)), false));
    open.add(closes);
    open.add(html);
    open.add(wsGarbage);
    String[][] cases = {
      {"openvla-rest://127.0.0.1:" + closes.port() + "?" + TIMEOUTS, "127.0.0.1:" + closes.port()},
      {"openvla-rest://127.0.0.1:" + html.port() + "?" + TIMEOUTS, "not an OpenVLA action"},
      {"openpi-ws://127.0.0.1:" + wsGarbage.port() + "?" + TIMEOUTS, "metadata frame is not msgpack"},
    };
    for (int i = 0; i < cases.length; i++) {
      long t0 = System.nanoTime();
      List<EpisodeResult> rs = run(cases[i][0], Files.createDirectories(tmp.resolve("c" + i)));
      assertThat(rs).as(cases[i][0]).hasSize(2); // both episodes ran
      for (EpisodeResult r : rs) assertPolicyError(r, 0, cases[i][1]);
      assertThat((System.nanoTime() - t0) / 1e9).as(cases[i][0] + " seconds").isLessThan(15);
    }
  }
}
