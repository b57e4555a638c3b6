package org.vla4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.policy.steps.image.ResizeMethod;
import org.vla4j.rollout.PolicyAgent;
import org.vla4j.serve.ObservationAdapter;
import org.vla4j.serve.PolicyServer;
import org.vla4j.serve.PolicySource;
import org.vla4j.serve.Protocol;
import org.vla4j.serve.ServerConfig;
import org.vla4j.sim.env.EnvConfig;

/**
 * {@code vla4j preflight} through picocli on the shipped model (real renders, real ONNX Runtime):
 * exit 0 and a JSON report for the clean pipeline, exit 1 naming the failed check under an injected
 * fault, exit 2 for a bad fault name or the scripted expert; and a remote client on a loopback
 * server, where only the action-range and gripper checks apply and the others say why they skip.
 */
class PreflightCliTest {
  @TempDir Path tmp;

  @Test
  void cleanPassesWithAReportAndAnInjectedFaultFails() throws Exception {
    Path report = tmp.resolve("preflight.json");
    CliRun.Result ok = CliRun.run("preflight", "--policy", "tiny-vla", "--task", "0,5", "--init-states", "0", "--out", report.toString());
    assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("PASS image_orientation", "PASS golden").doesNotContainPattern("(?m)^FAIL");
    JsonNode j = new ObjectMapper().readTree(report.toFile());
    assertThat(j.get("exit_code").asInt()).isZero();
    assertThat(j.get("frames").asInt()).isEqualTo(2);
    assertThat(j.get("checks")).hasSize(5);

    CliRun.Result bad = CliRun.run("preflight", "--policy", "tiny-vla", "--task", "0,5", "--init-states", "0", "--inject", "bad_unnorm");
    assertThat(bad.code()).as(bad.out() + bad.err()).isEqualTo(1);
    assertThat(bad.out()).contains("FAIL unnorm_key", "vla4j_object_coarse");
  }

  /**
   * LIBERO's own scenes (the shared test data): the frames come from LIBERO-Object's official init state and
   * its expert; the gripper check passes on the shipped LIBERO model and the wrong key fails the range check.
   */
  @Test
  void runsOnLiberoObjectsScenesWithTheShippedLiberoModel() throws Exception {
    org.vla4j.sim.libero.LiberoBenchmark.usePaths(org.vla4j.sim.libero.SharedLibero.paths());
    try {
      Path report = tmp.resolve("libero.json");
      CliRun.Result r = CliRun.run("preflight", "--policy", "tiny-vla-libero", "--suite", "libero_object", "--task", "7",
          "--init-states", "0", "--out", report.toString());
      assertThat(r.code()).as(r.out() + r.err()).isIn(0, 1);
      assertThat(r.out()).contains("PASS gripper");
      assertThat(new ObjectMapper().readTree(report.toFile()).get("frames").asInt()).isEqualTo(1);
      CliRun.Result bad = CliRun.run("preflight", "--policy", "tiny-vla-libero", "--suite", "libero_object", "--task", "7",
          "--init-states", "0", "--inject", "bad_unnorm");
      assertThat(bad.code()).as(bad.out() + bad.err()).isEqualTo(1);
      assertThat(bad.out()).contains("FAIL unnorm_key");
    } finally {
      org.vla4j.sim.libero.LiberoBenchmark.usePaths(null);
    }
  }

  @Test
  void badInputExitsTwo() {
    CliRun.Result r = CliRun.run("preflight", "--inject", "upside_down");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("upside_down").contains("no_flip");
    CliRun.Result e = CliRun.run("preflight", "--policy", "expert");
    assertThat(e.code()).isEqualTo(2);
    assertThat(e.err()).contains("expert");
  }

  @Test
  void remoteClientRunsTheChecksThatNeedNoLogits() {
    PolicySource source = PolicySource.model(Path.of("models/tiny-vla"), PolicyAgent.envSpec(EnvConfig.DEFAULT), null);
    try (PolicyServer server = PolicyServer.start(Protocol.OPENPI_WS, source,
        ServerConfig.loopback(0, new ObservationAdapter(true, 0, ResizeMethod.PIL_BILINEAR)).withPool(1, Duration.ofSeconds(20)))) {
      String uri = "openpi-ws://127.0.0.1:" + server.port() + "?size=0";
      CliRun.Result r = CliRun.run("preflight", "--policy", uri, "--task", "0,5", "--init-states", "0");
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("SKIP image_orientation", "SKIP prompt_template", "SKIP golden", "no logits");
      assertThat(r.out()).containsPattern("PASS unnorm_key +arm actions as returned: 0.0% beyond");
      assertThat(r.out()).containsPattern("(PASS|WARN) gripper");
    }
  }
}
