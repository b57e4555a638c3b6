package org.vla4j.policy.vla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.policy.steps.image.RgbImage;

/**
 * Batched decoding of the shipped model ({@code OnnxVlaPolicy.actBatch}, ONNX Runtime over the
 * graphs' dynamic batch axis) against one call per observation: on perturbed golden observations
 * under three instructions (two prompt lengths, so the batch splits into groups), every row's
 * tokens and action equal the unbatched answer for that row.
 */
class BatchIdentityTest {
  static JsonNode golden;
  static OnnxVlaPolicy policy;

  @BeforeAll
  static void load() throws Exception {
    golden = new ObjectMapper().readTree(ShippedModelGoldenTest.MODEL.resolve("golden.json").toFile());
    policy = OnnxVlaPolicy.load(ShippedModelGoldenTest.MODEL, ShippedModelGoldenTest.ENV, OnnxVlaPolicy.Overrides.NONE, 1);
  }

  @AfterAll
  static void close() {
    policy.close();
  }

  /** The golden image with seeded noise of ±{@code amp} on every byte. */
  static RgbImage perturbed(String field, SplittableRandom rnd, int amp) {
    byte[] b = Base64.getDecoder().decode(golden.get(field).asText());
    for (int i = 0; i < b.length; i++) b[i] = (byte) Math.clamp((b[i] & 0xFF) + rnd.nextInt(-amp, amp + 1), 0, 255);
    int h = golden.get("image_height").asInt();
    return new RgbImage(h, h, b);
  }

  static List<PolicyInput> inputs(int n, long seed) {
    String[] instructions = {golden.get("instruction").asText(), "pick up the ketchup and place it in the basket",
        "pick up the chocolate pudding and place it in the basket"};
    SplittableRandom rnd = new SplittableRandom(seed);
    List<PolicyInput> in = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      in.add(new PolicyInput(perturbed("agentview_b64", rnd, 40), perturbed("wrist_b64", rnd, 40), null, instructions[i % 3]));
    }
    return in;
  }

  @Test
  void everyRowOfABatchEqualsItsUnbatchedAnswer() {
    List<PolicyInput> in = inputs(12, 7);
    assertThat(in.stream().map(x -> policy.promptIds(x.instruction()).length).distinct().count())
        .as("the instructions give prompts of different lengths").isGreaterThan(1);
    List<PolicyOutput> batched = policy.actBatch(in);
    assertThat(batched).hasSize(12);
    java.util.Set<String> distinct = new java.util.HashSet<>();
    for (int i = 0; i < in.size(); i++) {
      PolicyOutput alone = policy.act(in.get(i));
      assertThat(batched.get(i).actionTokens()).as("row %d tokens", i).containsExactly(alone.actionTokens());
      assertThat(batched.get(i).action()).as("row %d action", i).containsExactly(alone.action());
      distinct.add(java.util.Arrays.toString(alone.actionTokens()));
    }
    assertThat(distinct).as("the perturbations change the answers, so rows cannot be confused").hasSizeGreaterThan(1);
  }

  @Test
  void theRunnerRefusesPromptsOfDifferentLengthsInOneBatch() {
    byte[] img = new byte[128 * 128 * 3];
    OnnxVlaRunner r = new OnnxVlaRunner(ShippedModelGoldenTest.MODEL.resolve("vision.onnx"), ShippedModelGoldenTest.MODEL.resolve("model.onnx"),
        policy.config(), 1);
    try (r) {
      assertThatThrownBy(() -> r.generate(List.of(img, img), List.of(img, img), List.of(new long[] {1, 5, 6}, new long[] {1, 5}), 7))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one length").hasMessageContaining("3 and 2");
      assertThatThrownBy(() -> r.generate(List.of(img, img), List.of(img), List.of(new long[] {1}, new long[] {1}), 7))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2, 1, 2");
    }
  }
}
