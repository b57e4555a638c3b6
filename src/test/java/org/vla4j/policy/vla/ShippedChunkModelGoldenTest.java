package org.vla4j.policy.vla;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vla4j.policy.ActionChunk;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.PolicyInput;

/**
 * The shipped chunked models (OpenVLA-OFT's L1 head, chunk 8: {@code models/tiny-vla-oft} for suite {@code object},
 * {@code models/tiny-vla-libero} for LIBERO-Object) on the observation recorded at export time: the Java pipeline
 * must give PyTorch's normalized chunk, and each config must name its suite, statistics key and the renderer it was
 * trained on.
 */
class ShippedChunkModelGoldenTest {
  static final EnvSpec ENV = new EnvSpec(128, List.of("agentview", "robot0_eye_in_hand"), "OSC_POSE", 20, "3.14.0");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "tiny-vla-oft, object, vla4j_object, NVIDIA",
      "tiny-vla-libero, libero_object, vla4j_libero_object, llvmpipe"})
  void goldenObservationGivesPyTorchsChunkAndTheConfigNamesSuiteAndRenderer(String name, String suite, String unnormKey,
      String renderer) throws Exception {
    Path model = Path.of("models", name);
    ObjectMapper json = new ObjectMapper();
    JsonNode golden = json.readTree(model.resolve("golden.json").toFile());
    JsonNode config = json.readTree(model.resolve("config.json").toFile());
    assertThat(config.get("name").asText()).isEqualTo(name);
    assertThat(config.get("suite").asText()).isEqualTo(suite);
    assertThat(config.get("unnorm_key").asText()).isEqualTo(unnormKey);
    assertThat(config.get("renderer").asText()).contains(renderer);
    PolicyInput in = OnnxChunkPolicyTest.goldenInput(golden);
    try (OnnxChunkPolicy p = (OnnxChunkPolicy) VlaPolicies.load(model, ENV, OnnxVlaPolicy.Overrides.NONE, 1)) {
      assertThat(golden.get("normalized_chunk").size()).isEqualTo(8);
      assertThat(OnnxChunkPolicyTest.worstGoldenDifference(p, golden)).as("max |Java ORT - PyTorch|")
          .isLessThanOrEqualTo(OnnxChunkPolicyTest.TOLERANCE);
      ActionChunk c = p.actChunk(in);
      assertThat(c.horizon()).isEqualTo(8);
      assertThat(c.get(0)[6]).isIn(-1.0, 1.0); // libero-openvla gripper: a sign
    }
  }
}
