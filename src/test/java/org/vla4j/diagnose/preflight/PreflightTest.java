package org.vla4j.diagnose.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vla4j.policy.steps.Fault;
import org.vla4j.policy.vla.OnnxChunkPolicy;
import org.vla4j.policy.vla.OnnxVlaPolicy;
import org.vla4j.rollout.PolicyAgent;
import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.suite.Suites;

/**
 * Preflight on the shipped model with real renders of the object suite and real ONNX Runtime: the
 * clean pipeline fails no check, and each of the drills' three injected faults fails its own check
 * (no_flip → image_orientation, bad_prompt → prompt_template, bad_unnorm → unnorm_key) on every frame.
 */
class PreflightTest {
  static final Path MODEL = Path.of("models/tiny-vla");
  static final Path CHUNK_MODEL = Path.of("models/tiny-vla-oft");
  static PreflightFrames frames;

  @BeforeAll
  static void render() {
    frames = PreflightFrames.render(Suites.get("object"), List.of(0, 3, 6, 9), List.of(0), EnvConfig.DEFAULT);
  }

  static Map<String, CheckResult> run(Fault fault) {
    try (OnnxVlaPolicy p = OnnxVlaPolicy.load(MODEL, PolicyAgent.envSpec(EnvConfig.DEFAULT), new OnnxVlaPolicy.Overrides(fault, null), 1)) {
      return new Preflight(1.0).run(new PreflightPolicy.Model(p, MODEL), frames).stream()
          .collect(Collectors.toMap(CheckResult::check, c -> c));
    }
  }

  @Test
  void framesAreTheFirstPolicyFrameAndTheExpertsFirstClose() {
    assertThat(frames.start()).hasSize(4);
    assertThat(frames.start()).allSatisfy(f -> {
      assertThat(f.expertGripper()).isEqualTo(-1.0);
      assertThat(f.step()).isEqualTo(Suites.get("object").waitSteps());
    });
    assertThat(frames.close()).hasSize(4).allSatisfy(f -> {
      assertThat(f.expertGripper()).isEqualTo(1.0);
      assertThat(f.step()).isGreaterThan(Suites.get("object").waitSteps());
    });
  }

  @Test
  void cleanPipelineFailsNoCheck() {
    Map<String, CheckResult> r = run(Fault.NONE);
    assertThat(r.keySet()).containsExactlyInAnyOrder("image_orientation", "prompt_template", "unnorm_key", "gripper", "golden");
    assertThat(r.values()).allSatisfy(c -> assertThat(c.status()).as(c.line()).isNotEqualTo(CheckStatus.FAIL));
    assertThat(r.get("golden").status()).isEqualTo(CheckStatus.PASS);
    assertThat(r.get("image_orientation").framesFailed()).isZero();
    assertThat(r.get("unnorm_key").numbers().get("out_of_range")).isEqualTo(0.0);
  }

  @Test
  void eachInjectedFaultFailsItsOwnCheckOnEveryFrame() {
    Map<Fault, String> own = Map.of(Fault.NO_FLIP, "image_orientation", Fault.BAD_PROMPT, "prompt_template", Fault.BAD_UNNORM, "unnorm_key");
    for (Fault f : Fault.injected()) {
      CheckResult c = run(f).get(own.get(f));
      assertThat(c.status()).as(f + ": " + c.line()).isEqualTo(CheckStatus.FAIL);
      assertThat(c.framesFailed()).as(f + ": " + c.line()).isEqualTo(c.frames());
    }
  }

  /** A model folder whose config.json names the identity gripper convention sends the model's "open" as the env's "close". */
  @Test
  void aWrongGripperConventionFailsTheGripperCheck(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    try (var files = java.nio.file.Files.list(MODEL)) {
      for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) java.nio.file.Files.copy(f, tmp.resolve(f.getFileName()));
    }
    Path cfg = tmp.resolve("config.json");
    java.nio.file.Files.writeString(cfg, java.nio.file.Files.readString(cfg).replace("\"libero-openvla\"", "\"identity\""));
    try (OnnxVlaPolicy p = OnnxVlaPolicy.load(tmp, PolicyAgent.envSpec(EnvConfig.DEFAULT), OnnxVlaPolicy.Overrides.NONE, 1)) {
      Map<String, CheckResult> r = new Preflight(1.0).run(new PreflightPolicy.Model(p, tmp), frames).stream()
          .collect(Collectors.toMap(CheckResult::check, c -> c));
      assertThat(r.get("gripper").status()).as(r.get("gripper").line()).isEqualTo(CheckStatus.FAIL);
      assertThat(r.get("gripper").detail()).contains("inverted");
      assertThat(r.get("image_orientation").status()).isNotEqualTo(CheckStatus.FAIL);
      assertThat(r.get("prompt_template").status()).isNotEqualTo(CheckStatus.FAIL);
    }
  }

  static Map<String, CheckResult> runChunk(Fault fault) {
    try (OnnxChunkPolicy p = OnnxChunkPolicy.load(CHUNK_MODEL, PolicyAgent.envSpec(EnvConfig.DEFAULT), new OnnxVlaPolicy.Overrides(fault, null), 1)) {
      return new Preflight(1.0).run(new PreflightPolicy.ContinuousModel(p), frames).stream()
          .collect(Collectors.toMap(CheckResult::check, c -> c));
    }
  }

  /**
   * The shipped OFT-style model: no logits, so the input checks skip, but its normalized actions are compared
   * under every statistics key as a token model's are: clean passes and names the coarse key's overshoot, the
   * wrong key fails and names the key that keeps the actions in range.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aContinuousHeadGetsThePerKeyUnnormComparison() {
    Map<String, CheckResult> clean = runChunk(Fault.NONE);
    assertThat(clean.get("image_orientation").status()).isEqualTo(CheckStatus.SKIP);
    assertThat(clean.get("prompt_template").status()).isEqualTo(CheckStatus.SKIP);
    CheckResult key = clean.get("unnorm_key");
    assertThat(key.status()).as(key.line()).isEqualTo(CheckStatus.PASS);
    Map<String, Map<String, Object>> perKey = (Map<String, Map<String, Object>>) key.numbers().get("keys");
    assertThat(perKey).as(key.line()).containsOnlyKeys("vla4j_object", "vla4j_object_coarse");
    assertThat((double) perKey.get("vla4j_object").get("out_of_range")).isEqualTo(0.0);
    assertThat((double) perKey.get("vla4j_object_coarse").get("out_of_range")).isGreaterThan(Preflight.FAIL_OUT_OF_RANGE);

    CheckResult wrong = runChunk(Fault.BAD_UNNORM).get("unnorm_key");
    assertThat(wrong.status()).as(wrong.line()).isEqualTo(CheckStatus.FAIL);
    assertThat(wrong.detail()).contains("with 'vla4j_object_coarse'", "('vla4j_object' keeps them in range)",
        "config.json's unnorm_key is 'vla4j_object'");
  }

  static final Path FLOW_MODEL = Path.of("src/test/resources/models/tiny-vla-fm-test");

  static Map<String, CheckResult> runFlow(Path dir, Fault fault) {
    var o = new org.vla4j.policy.vla.OnnxFlowMatchingPolicy.Overrides(fault, null, 2);
    try (var p = org.vla4j.policy.vla.OnnxFlowMatchingPolicy.load(dir, PolicyAgent.envSpec(EnvConfig.DEFAULT), o, 1)) {
      p.startEpisode(0);
      return new Preflight(1.0).run(new PreflightPolicy.ContinuousModel(p), frames).stream()
          .collect(Collectors.toMap(CheckResult::check, c -> c));
    }
  }

  /**
   * A flow-matching head (the small random test model, given the shipped statistics file's two keys) gets the
   * same per-key comparison on its sampled chunks: with its noise seeded, the clean and the wrong-key run
   * sample the same normalized actions, so every key's numbers agree and only the key in use differs.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aFlowMatchingHeadGetsThePerKeyUnnormComparisonOnSeededSamples(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    try (var files = java.nio.file.Files.list(FLOW_MODEL)) {
      for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) java.nio.file.Files.copy(f, tmp.resolve(f.getFileName()));
    }
    java.nio.file.Files.copy(MODEL.resolve("dataset_statistics.json"), tmp.resolve("dataset_statistics.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Map<String, CheckResult> clean = runFlow(tmp, Fault.NONE);
    assertThat(clean.get("image_orientation").status()).isEqualTo(CheckStatus.SKIP);
    assertThat(clean.get("prompt_template").status()).isEqualTo(CheckStatus.SKIP);
    assertThat(clean.get("golden").status()).isEqualTo(CheckStatus.SKIP);
    assertThat(clean.get("gripper").status()).isNotEqualTo(CheckStatus.SKIP);
    CheckResult key = clean.get("unnorm_key");
    assertThat(key.status()).as(key.line()).isNotEqualTo(CheckStatus.SKIP);
    assertThat(key.frames()).isEqualTo(frames.start().size());
    assertThat(key.detail()).contains("with 'vla4j_object'").doesNotContain("config.json's unnorm_key");
    Map<String, Map<String, Object>> perKey = (Map<String, Map<String, Object>>) key.numbers().get("keys");
    assertThat(perKey).containsOnlyKeys("vla4j_object", "vla4j_object_coarse");
    assertThat(runFlow(tmp, Fault.NONE).get("unnorm_key").numbers()).as("seeded noise: a rerun samples the same chunks").isEqualTo(key.numbers());

    CheckResult wrong = runFlow(tmp, Fault.BAD_UNNORM).get("unnorm_key");
    assertThat(wrong.status()).as(wrong.line()).isEqualTo(CheckStatus.FAIL);
    assertThat(key.status()).as(key.line()).isNotEqualTo(CheckStatus.FAIL);
    assertThat(wrong.detail()).contains("with 'vla4j_object_coarse'", "config.json's unnorm_key is 'vla4j_object'",
        "('vla4j_object' keeps them in range)");
    assertThat(wrong.numbers().get("keys")).isEqualTo(key.numbers().get("keys"));
  }
}
