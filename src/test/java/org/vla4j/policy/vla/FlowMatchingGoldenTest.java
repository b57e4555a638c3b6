package org.vla4j.policy.vla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vla4j.policy.ActionChunk;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.steps.image.RgbImage;

/**
 * The flow-matching test model ({@code src/test/resources/models/tiny-vla-fm-test}, a TinyVLA-FM of
 * 77k parameters trained a few steps on two episodes by {@code training/train.py --head fm} and
 * exported by {@code training/export_fm.py}) on the fixed observation and noise of its {@code
 * golden.json}: the Java pipeline (rotation, prompt, DJL tokenizer, three ONNX graphs, the Euler loop)
 * must give the chunks PyTorch sampled with 1 and 10 Euler steps; the episode seed decides the noise.
 */
class FlowMatchingGoldenTest {
  static final Path MODEL = Path.of("src/test/resources/models/tiny-vla-fm-test");
  static JsonNode golden;
  static OnnxFlowMatchingPolicy policy;

  @BeforeAll
  static void load() throws Exception {
    golden = new ObjectMapper().readTree(MODEL.resolve("golden.json").toFile());
    policy = OnnxFlowMatchingPolicy.load(MODEL, ShippedModelGoldenTest.ENV, OnnxFlowMatchingPolicy.Overrides.NONE, 1);
  }

  @AfterAll
  static void close() {
    policy.close();
  }

  static RgbImage image(String field) {
    int h = golden.get("image_height").asInt(), w = golden.get("image_width").asInt();
    return new RgbImage(h, w, Base64.getDecoder().decode(golden.get(field).asText()));
  }

  static PolicyInput goldenInput() {
    return new PolicyInput(image("agentview_b64"), image("wrist_b64"), null, golden.get("instruction").asText());
  }

  static float[] goldenNoise() {
    JsonNode n = golden.get("noise");
    float[] z = new float[n.size() * 7];
    for (int t = 0; t < n.size(); t++) for (int j = 0; j < 7; j++) z[t * 7 + j] = (float) n.get(t).get(j).asDouble();
    return z;
  }

  @Test
  void readsTheHeadAndNamesEveryStep() {
    assertThat(policy.head()).isEqualTo(new FlowMatchingHead(16, 10, "velocity.onnx"));
    assertThat(policy.steps()).isEqualTo(10);
    assertThat(policy.pipeline()).containsExactly("image:rotate180", "prompt:openvla", "tokenize:tokenizer.json",
        "onnx:vision.onnx+prefix.onnx+velocity.onnx flow-matching H16 euler x10", "unnormalize:vla4j_object", "gripper:libero-openvla");
    assertThat(OnnxFlowMatchingPolicy.pipeline(MODEL, new OnnxFlowMatchingPolicy.Overrides(org.vla4j.policy.steps.Fault.NONE, null, 3)))
        .contains("onnx:vision.onnx+prefix.onnx+velocity.onnx flow-matching H16 euler x3");
    assertThat(policy.replanSteps()).isEqualTo(org.vla4j.policy.ChunkPolicy.WHOLE_CHUNK);
  }

  @Test
  void goldenObservationAndNoiseGiveTheRecordedChunks() {
    long[] ids = policy.promptIds(golden.get("instruction").asText());
    long[] expectedIds = new long[golden.get("prompt_ids").size()];
    for (int i = 0; i < expectedIds.length; i++) expectedIds[i] = golden.get("prompt_ids").get(i).asLong();
    assertThat(ids).containsExactly(expectedIds);
    RgbImage a = policy.preprocess(image("agentview_b64")), w = policy.preprocess(image("wrist_b64"));
    double tol = golden.get("tolerance").asDouble();
    float[] previous = null;
    for (String steps : List.of("1", "10")) {
      float[] got = policy.sampleNormalized(a, w, ids, goldenNoise(), Integer.parseInt(steps));
      JsonNode want = golden.get("normalized_chunks").get(steps);
      assertThat(got).hasSize(16 * 7);
      for (int t = 0; t < 16; t++) {
        for (int j = 0; j < 7; j++) {
          assertThat((double) got[t * 7 + j]).as("steps %s, action %d, dim %d", steps, t, j)
              .isCloseTo(want.get(t).get(j).asDouble(), org.assertj.core.data.Offset.offset(tol));
        }
      }
      if (previous != null) assertThat(got).as("1 and 10 Euler steps differ").isNotEqualTo(previous);
      previous = got;
    }
  }

  @Test
  void theEpisodeSeedDecidesTheNoise() {
    PolicyInput in = goldenInput();
    policy.startEpisode(42);
    ActionChunk first = policy.actChunk(in), second = policy.actChunk(in);
    policy.startEpisode(42);
    ActionChunk again = policy.actChunk(in), againSecond = policy.actChunk(in);
    policy.startEpisode(43);
    ActionChunk other = policy.actChunk(in);
    assertThat(again.actions()).isDeepEqualTo(first.actions());
    assertThat(againSecond.actions()).isDeepEqualTo(second.actions());
    assertThat(java.util.Arrays.deepEquals(second.actions(), first.actions())).as("each query draws new noise").isFalse();
    assertThat(java.util.Arrays.deepEquals(other.actions(), first.actions())).as("another seed, other noise").isFalse();
    assertThat(first.horizon()).isEqualTo(16);
    for (double[] row : first.actions()) assertThat(Math.abs(row[6])).as("gripper binarized to ±1").isEqualTo(1.0);
    policy.startEpisode(42);
    assertThat(policy.act(in).action()).containsExactly(first.get(0));
  }

  @Test
  void noiseIsStandardNormal() {
    policy.startEpisode(7);
    double sum = 0, sq = 0;
    int n = 0;
    for (int k = 0; k < 200; k++) {
      for (float z : policy.drawNoise()) {
        sum += z;
        sq += z * z;
        n++;
      }
    }
    double mean = sum / n, var = sq / n - mean * mean;
    // 22,400 draws: the standard error of the mean is 0.0067, of the variance about 0.0095
    assertThat(mean).isBetween(-0.03, 0.03);
    assertThat(var).isBetween(0.96, 1.04);
  }

  @Test
  void theTokenPolicyRefusesAFlowMatchingFolderAndBadOverrides() {
    assertThatThrownBy(() -> OnnxVlaPolicy.load(MODEL, ShippedModelGoldenTest.ENV, OnnxVlaPolicy.Overrides.NONE, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("continuous").hasMessageContaining("flow_matching");
    assertThatThrownBy(() -> new OnnxFlowMatchingPolicy.Overrides(org.vla4j.policy.steps.Fault.NONE, null, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    assertThatThrownBy(() -> OnnxFlowMatchingPolicy.load(ShippedModelGoldenTest.MODEL, ShippedModelGoldenTest.ENV,
        OnnxFlowMatchingPolicy.Overrides.NONE, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flow_matching");
  }
}
