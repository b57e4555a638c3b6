package org.vla4j.policy.vla;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vla4j.policy.ActionChunk;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.PolicyInput;

/**
 * The shipped LIBERO-Object model ({@code models/tiny-vla-libero}, OpenVLA-OFT's chunked L1 head) on the
 * observation recorded at export time: the Java pipeline must give PyTorch's normalized chunk, keyed by
 * LIBERO-Object's statistics, and its config must name the suite and the renderer it was trained on.
 */
class ShippedLiberoModelGoldenTest {
  static final Path MODEL = Path.of("models/tiny-vla-libero");
  static final EnvSpec ENV = new EnvSpec(128, List.of("agentview", "robot0_eye_in_hand"), "OSC_POSE", 20, "3.14.0");

  @Test
  void goldenObservationGivesPyTorchsChunkAndTheConfigNamesSuiteAndRenderer() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode golden = json.readTree(MODEL.resolve("golden.json").toFile());
    JsonNode config = json.readTree(MODEL.resolve("config.json").toFile());
    assertThat(config.get("name").asText()).isEqualTo("tiny-vla-libero");
    assertThat(config.get("suite").asText()).isEqualTo("libero_object");
    assertThat(config.get("unnorm_key").asText()).isEqualTo("vla4j_libero_object");
    assertThat(config.get("renderer").asText()).contains("llvmpipe");
    PolicyInput in = OnnxChunkPolicyTest.goldenInput(golden);
    try (OnnxChunkPolicy p = (OnnxChunkPolicy) VlaPolicies.load(MODEL, ENV, OnnxVlaPolicy.Overrides.NONE, 1)) {
      assertThat(golden.get("normalized_chunk").size()).isEqualTo(8);
      assertThat(OnnxChunkPolicyTest.worstGoldenDifference(p, golden)).as("max |Java ORT - PyTorch|")
          .isLessThanOrEqualTo(OnnxChunkPolicyTest.TOLERANCE);
      ActionChunk c = p.actChunk(in);
      assertThat(c.horizon()).isEqualTo(8);
      assertThat(c.get(0)[6]).isIn(-1.0, 1.0); // libero-openvla gripper: a sign
    }
  }
}
