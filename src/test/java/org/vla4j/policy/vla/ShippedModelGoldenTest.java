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
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.policy.steps.image.RgbImage;

/**
 * The shipped model ({@code models/tiny-vla}) on the fixed observation recorded at export time
 * ({@code golden.json}: raw env images and the action tokens PyTorch greedily decoded for them):
 * the Java pipeline (rotation, prompt, DJL tokenizer, ONNX Runtime, greedy decoding) must give the
 * same tokens and the same prompt ids.
 */
class ShippedModelGoldenTest {
  static final Path MODEL = Path.of("models/tiny-vla");
  static final EnvSpec ENV = new EnvSpec(128, List.of("agentview", "robot0_eye_in_hand"), "OSC_POSE", 20, "3.14.0");
  static JsonNode golden;
  static OnnxVlaPolicy policy;

  @BeforeAll
  static void load() throws Exception {
    golden = new ObjectMapper().readTree(MODEL.resolve("golden.json").toFile());
    policy = OnnxVlaPolicy.load(MODEL, ENV, OnnxVlaPolicy.Overrides.NONE, 1);
  }

  @AfterAll
  static void close() {
    policy.close();
  }

  static RgbImage image(String field) {
    int h = golden.get("image_height").asInt(), w = golden.get("image_width").asInt();
    return new RgbImage(h, w, Base64.getDecoder().decode(golden.get(field).asText()));
  }

  @Test
  void promptIdsMatchTheTrainingTokenizer() {
    long[] ids = policy.promptIds(golden.get("instruction").asText());
    long[] expected = new long[golden.get("prompt_ids").size()];
    for (int i = 0; i < expected.length; i++) expected[i] = golden.get("prompt_ids").get(i).asLong();
    assertThat(ids).containsExactly(expected);
  }

  @Test
  void goldenObservationGivesTheRecordedActionTokens() {
    PolicyOutput out = policy.act(new PolicyInput(image("agentview_b64"), image("wrist_b64"), null, golden.get("instruction").asText()));
    int[] expected = new int[7];
    for (int i = 0; i < 7; i++) expected[i] = golden.get("action_token_ids").get(i).asInt();
    assertThat(out.actionTokens()).containsExactly(expected);
    assertThat(out.action()).hasSize(7);
    assertThat(Math.abs(out.action()[6])).as("gripper is binarized to ±1").isEqualTo(1.0);
  }

  @Test
  void pipelineNamesEveryBox() {
    assertThat(policy.pipeline()).containsExactly("image:rotate180", "prompt:openvla", "tokenize:tokenizer.json",
        "onnx:vision.onnx+model.onnx greedy x7", "detokenize:openvla vocab 598", "unnormalize:vla4j_object", "gripper:libero-openvla");
  }

  @Test
  void refusesAnEnvThatDoesNotMatchAndAnUnknownUnnormKey() {
    EnvSpec small = new EnvSpec(64, List.of("agentview", "robot0_eye_in_hand"), "OSC_POSE", 20, "3.14.0");
    assertThatThrownBy(() -> OnnxVlaPolicy.load(MODEL, small, OnnxVlaPolicy.Overrides.NONE, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("image size 128");
    EnvSpec noWrist = new EnvSpec(128, List.of("agentview"), "OSC_POSE", 20, "3.13.0");
    assertThatThrownBy(() -> OnnxVlaPolicy.load(MODEL, noWrist, OnnxVlaPolicy.Overrides.NONE, 1))
        .hasMessageContaining("robot0_eye_in_hand").hasMessageContaining("MuJoCo 3.14.0");
    assertThatThrownBy(() -> OnnxVlaPolicy.load(MODEL, ENV, new OnnxVlaPolicy.Overrides(org.vla4j.policy.steps.Fault.NONE, "bridge_orig"), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bridge_orig").hasMessageContaining("vla4j_object_coarse");
  }

  /** The runner reuses its input tensors and prompt across calls: no call may see another's data. */
  @Test
  void reusedInputBuffersCarryNothingFromOneCallToTheNext() {
    String instruction = golden.get("instruction").asText();
    PolicyInput gold = new PolicyInput(image("agentview_b64"), image("wrist_b64"), null, instruction);
    PolicyInput other = new PolicyInput(image("wrist_b64"), image("agentview_b64"), null, "pick up the milk and place it in the basket");
    int[] first = policy.act(gold).actionTokens();
    int[] otherTokens = policy.act(other).actionTokens();
    assertThat(policy.act(gold).actionTokens()).containsExactly(first);
    OnnxVlaPolicy fresh = OnnxVlaPolicy.load(MODEL, ENV, OnnxVlaPolicy.Overrides.NONE, 1);
    try {
      assertThat(fresh.act(other).actionTokens()).containsExactly(otherTokens);
    } finally {
      fresh.close();
    }
    // its prompt is cached, so the call reaches the runner, which refuses once closed
    assertThatThrownBy(() -> fresh.act(other)).isInstanceOf(IllegalStateException.class).hasMessageContaining("runner is closed");
  }

  /**
   * The scored decoding picks the same tokens as the plain one, with probabilities and entropies in
   * range; the first token's probability is bounded by the recorded logit margin over the runner-up
   * (p1 ≤ 1 / (1 + e^−margin)) and the entropy by ln V.
   */
  @Test
  void scoredDecodingGivesTheSameTokensWithTheirProbabilities() {
    String instruction = golden.get("instruction").asText();
    RgbImage a = policy.preprocess(image("agentview_b64")), w = policy.preprocess(image("wrist_b64"));
    OnnxVlaRunner.Scored s = policy.score(a, w, policy.promptIds(instruction));
    int[] expected = new int[7];
    for (int i = 0; i < 7; i++) expected[i] = golden.get("action_token_ids").get(i).asInt();
    assertThat(s.tokens()).containsExactly(expected);
    double margin = golden.get("first_token_logit_margin").asDouble();
    assertThat(s.probability()[0]).isGreaterThan(0.5).isLessThanOrEqualTo(1 / (1 + Math.exp(-margin)) + 1e-6);
    for (int i = 0; i < 7; i++) {
      assertThat(s.probability()[i]).isGreaterThan(0).isLessThanOrEqualTo(1);
      assertThat(s.entropy()[i]).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(Math.log(598) + 1e-9);
    }
    assertThat(s.meanProbability()).isBetween(0.0, 1.0);
  }
}
