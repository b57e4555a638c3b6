package org.vla4j.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.cli.CliRun;
import org.vla4j.rollout.EpisodeRunner;
import org.vla4j.runlog.RunLogs;
import org.vla4j.sim.suite.Suite;

/** The run's fingerprint: recorded, a resume across a changed setup refused, compare shows and refuses what changes results. */
class FingerprintTest {
  @TempDir Path tmp;

  /** The fake runners with a chosen setup, as a model folder's hashes and a renderer string would be. */
  record WithSetup(FakeRunners fake, Map<String, String> setup) implements RunnerProvider {
    @Override
    public EpisodeRunner.Factory factory(Suite suite, String policy) {
      return fake.factory(suite, policy);
    }

    @Override
    public List<String> policies() {
      return fake.policies();
    }

    @Override
    public Map<String, String> setup(String policy, RunOptions options) {
      return setup;
    }
  }

  static EvalRequest request(Path out, boolean resume) {
    return new EvalRequest("object", "expert", "0,3,9", 4, "5-7", 7, out, resume, 1, List.of());
  }

  static final Map<String, String> A = Map.of("model_file:config.json", "aaaa", "renderer", "Mesa | llvmpipe | 4.5");

  @Test
  void aResumeAcrossAChangedSetupIsRefusedNamingTheChange() {
    Path dir = tmp.resolve("run");
    assertThatThrownBy(() -> new Evaluation(new WithSetup(FakeRunners.plain().crashingAt(5), A)).run(request(dir, false), EvalListener.NONE))
        .isInstanceOf(FakeRunners.Crash.class);
    assertThat(RunLogs.config(dir).path("fingerprint").path("model_file:config.json").asText()).isEqualTo("aaaa");
    Map<String, String> edited = Map.of("model_file:config.json", "bbbb", "renderer", "Mesa | llvmpipe | 4.5");
    assertThatThrownBy(() -> new Evaluation(new WithSetup(FakeRunners.plain(), edited)).run(request(dir, true), EvalListener.NONE))
        .hasMessageContaining("setup changed").hasMessageContaining("model_file:config.json: aaaa → bbbb");
    new Evaluation(new WithSetup(FakeRunners.plain(), A)).run(request(dir, true), EvalListener.NONE);
    assertThat(RunLogs.episodes(dir)).hasSize(12);
  }

  @Test
  void compareShowsSetupDifferencesAndRefusesThoseThatChangeResults() {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    new Evaluation(new WithSetup(FakeRunners.plain(), A)).run(request(a, false), EvalListener.NONE);
    new Evaluation(new WithSetup(FakeRunners.plain(), Map.of("model_file:config.json", "aaaa", "renderer", "NVIDIA | H200 | 4.6")))
        .run(request(b, false), EvalListener.NONE);
    CliRun.Result refused = CliRun.run("compare", a.toString(), b.toString());
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.out()).contains("renderer: Mesa | llvmpipe | 4.5 → NVIDIA | H200 | 4.6");
    assertThat(refused.err()).contains("--allow-mismatch");
    CliRun.Result allowed = CliRun.run("compare", a.toString(), b.toString(), "--allow-mismatch");
    assertThat(allowed.code()).isZero();
    assertThat(allowed.out()).contains("compared despite these differences");
    CliRun.Result same = CliRun.run("compare", a.toString(), a.toString());
    assertThat(same.code()).isZero();
    assertThat(same.out()).doesNotContain("setup differences").contains("McNemar exact test").contains("by both or neither: 12");
  }

  @Test
  void replayRefusesToRenderLiberoCamerasOtherwiseThanTheRunDid() {
    String msaa = "libero cameras agentview+robot0_eye_in_hand 128x128, shadows on, multisampling the model's offsamples (LIBERO: 4)";
    String plain = "libero cameras agentview+robot0_eye_in_hand 128x128, shadows on, multisampling off";
    RunReplay.checkCameras(msaa, msaa);
    RunReplay.checkCameras("libero: no cameras rendered", plain); // nothing rendered then: nothing to diverge on
    RunReplay.checkCameras("", plain); // a run from before render_settings named the cameras
    assertThatThrownBy(() -> RunReplay.checkCameras(msaa, plain)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multisampling off").hasMessageContaining("VLA4J_LIBERO_RENDER");
  }
}
