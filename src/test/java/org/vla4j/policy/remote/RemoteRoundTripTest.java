package org.vla4j.policy.remote;

import org.vla4j.policy.ActionChunk;
import org.vla4j.policy.ChunkPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.policy.steps.image.ImageStep;
import org.vla4j.policy.steps.image.ResizeMethod;
import org.vla4j.policy.steps.image.RgbImage;
import org.vla4j.policy.vla.OnnxVlaPolicy;
import org.vla4j.serve.ObservationAdapter;
import org.vla4j.serve.PolicyServer;
import org.vla4j.serve.PolicySource;
import org.vla4j.serve.Protocol;
import org.vla4j.serve.ServerConfig;

/**
 * Java client ↔ Java server on loopback with the shipped tiny-vla model: with matching image
 * settings on both sides every protocol gives exactly the in-process policy's action, bit for bit.
 */
@Timeout(120)
class RemoteRoundTripTest {
  static final Path MODEL = Path.of("models/tiny-vla");
  static final EnvSpec ENV = new EnvSpec(128, List.of("agentview", "robot0_eye_in_hand"), "OSC_POSE", 20, "3.14.0");
  static final ClientOptions OPT = ClientOptions.DEFAULT.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));
  static OnnxVlaPolicy local;
  static PolicySource source;
  static List<PolicyInput> inputs;

  @BeforeAll
  static void load() throws Exception {
    JsonNode g = new ObjectMapper().readTree(MODEL.resolve("golden.json").toFile());
    RgbImage a = new RgbImage(128, 128, Base64.getDecoder().decode(g.get("agentview_b64").asText()));
    RgbImage w = new RgbImage(128, 128, Base64.getDecoder().decode(g.get("wrist_b64").asText()));
    double[] state = {0.1, -0.2, 1.05, 3.1, 0.01, -0.02, 0.039, -0.039};
    // the golden frame, and the same frame under another instruction and with the cameras swapped
    inputs = List.of(new PolicyInput(a, w, state, g.get("instruction").asText()),
        new PolicyInput(w, a, state, "pick up the milk and place it in the basket"));
    local = OnnxVlaPolicy.load(MODEL, ENV, OnnxVlaPolicy.Overrides.NONE, 1);
    source = PolicySource.model(MODEL, ENV, null);
  }

  @AfterAll
  static void close() {
    local.close();
  }

  static PolicyServer serve(Protocol p, int imageSize) {
    return PolicyServer.start(p, source, ServerConfig.loopback(0, new ObservationAdapter(true, imageSize, ResizeMethod.PIL_BILINEAR))
        .withPool(2, Duration.ofSeconds(20)));
  }

  @Test
  void openvlaRestGivesTheInProcessActions() {
    try (PolicyServer s = serve(Protocol.OPENVLA_REST, 0);
        OpenVlaRestPolicy c = new OpenVlaRestPolicy(URI.create("http://127.0.0.1:" + s.port()), "vla4j_object",
            new OpenVlaRestPolicy.Preprocessing(true, 0, 0, true, true), OPT)) {
      for (PolicyInput in : inputs) assertThat(c.act(in).action()).containsExactly(local.act(in).action());
      assertThat(c.pipeline()).contains("client-image:rotate180");
      // another key gives other (coarse-statistics) actions; an unknown key is the user's mistake
      try (OpenVlaRestPolicy coarse = new OpenVlaRestPolicy(URI.create("http://127.0.0.1:" + s.port()), "vla4j_object_coarse",
          new OpenVlaRestPolicy.Preprocessing(true, 0, 0, true, false), OPT);
          OnnxVlaPolicy coarseLocal = OnnxVlaPolicy.load(MODEL, ENV, new OnnxVlaPolicy.Overrides(org.vla4j.policy.steps.Fault.NONE, "vla4j_object_coarse"), 1)) {
        assertThat(coarse.act(inputs.get(0)).action()).containsExactly(coarseLocal.act(inputs.get(0)).action());
      }
      try (OpenVlaRestPolicy bad = new OpenVlaRestPolicy(URI.create("http://127.0.0.1:" + s.port()), "bridge_orig",
          new OpenVlaRestPolicy.Preprocessing(true, 0, 0, true, false), OPT)) {
        assertThatThrownBy(() -> bad.act(inputs.get(0))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("HTTP 400").hasMessageContaining("bridge_orig").hasMessageContaining("vla4j_object_coarse");
      }
      // without the wrist image (the reference request) tiny-vla says what it needs
      try (OpenVlaRestPolicy noWrist = new OpenVlaRestPolicy(URI.create("http://127.0.0.1:" + s.port()), null,
          new OpenVlaRestPolicy.Preprocessing(true, 0, 0, false, false), OPT)) {
        assertThatThrownBy(() -> noWrist.act(inputs.get(0))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrist");
      }
    }
  }

  @Test
  void openpiGivesTheInProcessActionsAsAChunk() {
    try (PolicyServer s = serve(Protocol.OPENPI_WS, 0);
        OpenPiWebSocketPolicy c = new OpenPiWebSocketPolicy(URI.create("ws://127.0.0.1:" + s.port() + "/"), 0, OPT)) {
      for (PolicyInput in : inputs) {
        ActionChunk chunk = c.actChunk(in);
        assertThat(chunk.horizon()).isEqualTo(1);
        assertThat(chunk.get(0)).containsExactly(local.act(in).action());
      }
      assertThat(c.metadata()).containsEntry("policy", "tiny-vla").containsEntry("action_horizon", 1L);
    }
  }

  @Test
  void openpiAtOpenpisImageSizeIsTheInProcessPolicyOnWhatTheServerReconstructs() {
    // openpi's LIBERO client sends 224×224 (resize-with-pad); the server resizes back to the model's 128
    ObservationAdapter server = new ObservationAdapter(true, 128, ResizeMethod.PIL_BILINEAR);
    try (PolicyServer s = serve(Protocol.OPENPI_WS, 128);
        OpenPiWebSocketPolicy c = new OpenPiWebSocketPolicy(URI.create("ws://127.0.0.1:" + s.port() + "/"), 224, OPT)) {
      PolicyInput in = inputs.get(0);
      ImageStep rot = new ImageStep.Rotate180();
      ImageStep pad = new ImageStep.ResizeWithPad(224, 224);
      PolicyInput seen = new PolicyInput(server.toEnv(pad.apply(rot.apply(in.agentview()))), server.toEnv(pad.apply(rot.apply(in.wrist()))),
          in.state(), in.instruction());
      PolicyOutput expected = local.act(seen);
      assertThat(c.act(in).action()).containsExactly(expected.action());
    }
  }

  @Test
  void vlaEvalGivesTheInProcessActionsWithRawAndPngImages() {
    try (PolicyServer s = serve(Protocol.VLA_EVAL_WS, 0)) {
      for (String format : List.of("raw", "png")) {
        try (VlaEvalWebSocketPolicy c = new VlaEvalWebSocketPolicy(URI.create("ws://127.0.0.1:" + s.port() + "/"), 0, format, OPT)) {
          for (PolicyInput in : inputs) assertThat(c.act(in).action()).as(format).containsExactly(local.act(in).action());
          assertThat(c.serverInfo()).containsKey("model_server");
        }
      }
    }
  }

  @Test
  void remotePoliciesParsesTheUriForms() {
    try (var p = RemotePolicies.open("openvla-rest://127.0.0.1:9?unnorm_key=vla4j_object&wrist=true")) {
      assertThat(p).isInstanceOf(OpenVlaRestPolicy.class);
      assertThat(p.pipeline()).contains("client-image:rotate180", "client-image:resize(224x224, tf-lanczos3-antialias)",
          "client-image:center-crop(area=0.9)");
    }
    try (var p = RemotePolicies.open("openpi-ws://localhost:8000")) {
      assertThat(p).isInstanceOf(OpenPiWebSocketPolicy.class);
      assertThat(p.pipeline()).contains("client-image:resize-with-pad(224x224)");
    }
    try (var p = RemotePolicies.open("vla-eval-ws://localhost")) {
      // not connected: the step tag falls back to the scheme; the address keeps the default port
      assertThat(p.name()).isEqualTo("vla-eval-ws");
      assertThat(p.address()).isEqualTo("ws://localhost:8000/");
    }
    try (var p = RemotePolicies.open("openvla-rest://h:1?tag=pi0&rotate=false")) {
      assertThat(p.name()).isEqualTo("pi0");
      assertThat(p.pipeline()).doesNotContain("client-image:rotate180");
    }
    try (var p = RemotePolicies.open("openpi-ws://h:1?replan_steps=3", org.vla4j.policy.steps.Fault.NO_FLIP, null)) {
      assertThat(((ChunkPolicy) p).replanSteps()).isEqualTo(3);
      assertThat(p.pipeline()).doesNotContain("client-image:rotate180").anyMatch(s -> s.contains("replan_steps=3"));
    }
    try (var p = RemotePolicies.open("openvla-rest://h:1", org.vla4j.policy.steps.Fault.NONE, "vla4j_object")) {
      assertThat(p.describe()).containsEntry("unnorm_key", "vla4j_object").containsEntry("address", "http://h:1/act");
    }
    assertThatThrownBy(() -> RemotePolicies.open("openpi-ws://h:1?replan_steps=0")).hasMessageContaining("replan_steps=0");
    assertThatThrownBy(() -> RemotePolicies.open("openpi-ws://h:1?tag=wait")).hasMessageContaining("tag='wait'");
    assertThatThrownBy(() -> RemotePolicies.open("openvla-rest://h:1?rotate=false", org.vla4j.policy.steps.Fault.NO_FLIP, null))
        .hasMessageContaining("rotate=false");
    assertThatThrownBy(() -> RemotePolicies.open("openvla-rest://h:1", org.vla4j.policy.steps.Fault.BAD_UNNORM, null))
        .hasMessageContaining("unnormalize step").hasMessageContaining("unnorm_key=K");
    assertThatThrownBy(() -> RemotePolicies.open("openvla-rest://h:1?unnorm_key=a", org.vla4j.policy.steps.Fault.NONE, "b"))
        .hasMessageContaining("contradicts unnorm_key=a");
    assertThatThrownBy(() -> RemotePolicies.open("grpc://h:1")).hasMessageContaining("openpi-ws://HOST:PORT");
    assertThatThrownBy(() -> RemotePolicies.open("openpi-ws://h:1?unnorm_key=x")).hasMessageContaining("unknown option 'unnorm_key'");
    assertThatThrownBy(() -> RemotePolicies.open("openvla-rest://h:1?crop=2")).hasMessageContaining("crop=2");
    assertThatThrownBy(() -> RemotePolicies.open("vla-eval-ws://h:1?format=bmp")).hasMessageContaining("[raw, png, jpeg]");
  }
}
