package org.vla4j.policy.vla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.policy.ActionChunk;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.steps.Fault;
import org.vla4j.policy.steps.normalize.ActionNormalizer;
import org.vla4j.policy.steps.normalize.StatisticsJson;
import org.vla4j.policy.steps.image.RgbImage;

/**
 * A small randomly initialized OFT-style model ({@code src/test/resources/models/tiny-vla-oft-test},
 * made by {@code training/export_oft.py --test-model}: tiny-vla's vision and prompt boxes, a chunk of
 * 8 parallel-decoded actions, L1 head) on the observation recorded in its golden.json: the Java
 * pipeline (rotation, prompt, DJL tokenizer, ONNX Runtime) must give PyTorch's normalized chunk, the
 * env-unit chunk must be its unnormalization, and a batch must answer each row as alone.
 */
class OnnxChunkPolicyTest {
  static final Path MODEL = Path.of("src/test/resources/models/tiny-vla-oft-test");
  static final EnvSpec ENV = new EnvSpec(128, List.of("agentview", "robot0_eye_in_hand"), "OSC_POSE", 20, "3.14.0");
  /** float32 graphs on two runtimes (PyTorch, ONNX Runtime): export_oft.py checks ORT within the same bound. */
  static final double TOLERANCE = 1e-4;
  static JsonNode golden;
  static OnnxChunkPolicy policy;

  @BeforeAll
  static void load() throws Exception {
    golden = new ObjectMapper().readTree(MODEL.resolve("golden.json").toFile());
    policy = (OnnxChunkPolicy) VlaPolicies.load(MODEL, ENV, OnnxVlaPolicy.Overrides.NONE, 1);
  }

  @AfterAll
  static void close() {
    policy.close();
  }

  static RgbImage image(String field) {
    return image(golden, field);
  }

  static RgbImage image(JsonNode golden, String field) {
    int h = golden.get("image_height").asInt(), w = golden.get("image_width").asInt();
    return new RgbImage(h, w, Base64.getDecoder().decode(golden.get(field).asText()));
  }

  static PolicyInput goldenInput() {
    return goldenInput(golden);
  }

  /** The observation an OFT model's golden.json records (export_oft.py). */
  static PolicyInput goldenInput(JsonNode golden) {
    return new PolicyInput(image(golden, "agentview_b64"), image(golden, "wrist_b64"), null, golden.get("instruction").asText());
  }

  /**
   * max |Java − PyTorch| over the golden observation's normalized chunk, after checking its shape: as many
   * rows as golden.json's chunk, 7 actions each.
   */
  static double worstGoldenDifference(OnnxChunkPolicy policy, JsonNode golden) {
    float[][] got = policy.normalizedChunks(List.of(goldenInput(golden))).getFirst();
    JsonNode chunk = golden.get("normalized_chunk");
    assertThat(got).hasNumberOfRows(chunk.size());
    double worst = 0;
    for (int k = 0; k < got.length; k++) {
      assertThat(got[k]).hasSize(7);
      for (int d = 0; d < 7; d++) worst = Math.max(worst, Math.abs(got[k][d] - chunk.get(k).get(d).asDouble()));
    }
    return worst;
  }

  @Test
  void goldenObservationGivesPyTorchsNormalizedChunk() {
    long[] ids = policy.promptIds(golden.get("instruction").asText());
    long[] want = new long[golden.get("prompt_ids").size()];
    for (int i = 0; i < want.length; i++) want[i] = golden.get("prompt_ids").get(i).asLong();
    assertThat(ids).containsExactly(want);
    assertThat(golden.get("normalized_chunk").size()).isEqualTo(8);
    assertThat(worstGoldenDifference(policy, golden)).as("max |Java ORT - PyTorch|").isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void envUnitChunkIsTheUnnormalizedChunkWithTheGripperPostProcessed() {
    ActionChunk c = policy.actChunk(goldenInput());
    assertThat(c.horizon()).isEqualTo(8);
    float[][] n = policy.normalizedChunks(List.of(goldenInput())).getFirst();
    ActionNormalizer norm = new ActionNormalizer(StatisticsJson.read(MODEL.resolve("dataset_statistics.json")).requireActionStatistics("vla4j_object"));
    for (int k = 0; k < 8; k++) {
      double[] x = new double[7], a = new double[7];
      for (int d = 0; d < 7; d++) x[d] = n[k][d];
      norm.unnormalize(x, a);
      for (int d = 0; d < 6; d++) assertThat(c.get(k)[d]).isEqualTo(a[d]);
      // libero-openvla: g -> 2g - 1, sign, invert (env: -1 open, +1 close)
      assertThat(c.get(k)[6]).isEqualTo(-Math.signum(2 * x[6] - 1));
    }
    assertThat(policy.act(goldenInput()).action()).containsExactly(c.get(0));
    assertThat(policy.act(goldenInput()).actionTokens()).isEmpty();
  }

  @Test
  void aBatchAnswersEachRowAsAlone() {
    PolicyInput gold = goldenInput();
    PolicyInput other = new PolicyInput(image("wrist_b64"), image("agentview_b64"), null, "pick up the milk and place it in the basket");
    PolicyInput same = new PolicyInput(image("wrist_b64"), image("agentview_b64"), null, golden.get("instruction").asText());
    List<float[][]> batch = policy.normalizedChunks(List.of(gold, other, same));
    List<PolicyInput> inputs = List.of(gold, other, same);
    for (int i = 0; i < 3; i++) {
      float[][] alone = policy.normalizedChunks(List.of(inputs.get(i))).getFirst();
      for (int k = 0; k < 8; k++) {
        for (int d = 0; d < 7; d++) assertThat((double) batch.get(i)[k][d]).isCloseTo(alone[k][d], org.assertj.core.data.Offset.offset(1e-6));
      }
    }
    assertThat(batch.get(0)[0]).isNotEqualTo(batch.get(2)[0]); // the images matter
  }

  @Test
  void runsItsWholeChunkOpenLoopByDefaultAndNamesEveryStep() {
    assertThat(policy.replanSteps()).isEqualTo(8);
    assertThat(policy.head()).isEqualTo(new ActionHead(ActionHead.L1_REGRESSION, 8, 8));
    assertThat(policy.pipeline()).containsExactly("image:rotate180", "prompt:openvla", "tokenize:tokenizer.json",
        "onnx:vision.onnx+model.onnx l1_regression chunk x8", "unnormalize:vla4j_object", "gripper:libero-openvla");
    assertThat(VlaPolicies.pipeline(MODEL, new OnnxVlaPolicy.Overrides(Fault.NO_FLIP, null))).doesNotContain("image:rotate180")
        .contains("onnx:vision.onnx+model.onnx l1_regression chunk x8");
    assertThat(VlaPolicies.chunked(MODEL)).isTrue();
    assertThat(VlaPolicies.chunked(Path.of("models/tiny-vla"))).isFalse();
  }

  @Test
  void aTokenLoaderRefusesTheChunkedModelAndBadHeadsAreNamed(@TempDir Path tmp) throws Exception {
    assertThatThrownBy(() -> OnnxVlaPolicy.load(MODEL, ENV, OnnxVlaPolicy.Overrides.NONE, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("l1_regression").hasMessageContaining("not action tokens");
    String cfg = Files.readString(MODEL.resolve("config.json"));
    for (String[] c : List.of(new String[] {"\"l1_regression\"", "\"diffusion\"", "valid: [l1_regression]"},
        new String[] {"\"open-loop:8\"", "\"ensemble:0.01\"", "open-loop:N with 1 <= N <= horizon 8"},
        new String[] {"\"action_scheme\": \"continuous\"", "\"action_scheme\": \"openvla\"", "a head answers continuous actions"})) {
      Path dir = Files.createDirectories(tmp.resolve("m" + c[1].hashCode()));
      Files.writeString(dir.resolve("config.json"), cfg.replace(c[0], c[1]));
      Files.copy(MODEL.resolve("dataset_statistics.json"), dir.resolve("dataset_statistics.json"));
      assertThatThrownBy(() -> OnnxChunkPolicy.load(dir, ENV, OnnxVlaPolicy.Overrides.NONE, 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(c[2]);
    }
  }
}
