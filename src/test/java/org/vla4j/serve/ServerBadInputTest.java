package org.vla4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.steps.image.RgbImage;
import org.vla4j.policy.remote.ClientOptions;
import org.vla4j.policy.remote.WsConnection;
import org.vla4j.policy.remote.WsConnection.Frame;
import org.vla4j.policy.remote.wire.JsonNumpy;
import org.vla4j.policy.remote.wire.Msgpack;
import org.vla4j.policy.remote.wire.NdArray;
import org.vla4j.policy.remote.wire.VlaEvalMessage;

/**
 * Every server against malformed requests: each bad request gets its protocol's error reply naming
 * the problem, and a good request after it still succeeds; oversized messages are refused.
 */
@Timeout(60)
class ServerBadInputTest {
  static final Duration T = Duration.ofSeconds(10);
  static final ClientOptions OPT = ClientOptions.DEFAULT.withTimeouts(Duration.ofSeconds(3), T).withRetries(1, Duration.ZERO);
  static final long MAX = 64 * 1024;
  PolicyServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  PolicyServer start(Protocol p) {
    server = PolicyServer.start(p, FakePolicy.source(), ServerConfig.loopback(0, ObservationAdapter.NONE).withMaxMessageBytes(MAX));
    return server;
  }

  static RgbImage image(int seed) {
    byte[] b = new byte[8 * 8 * 3];
    for (int i = 0; i < b.length; i++) b[i] = (byte) (i * 31 + seed);
    return new RgbImage(8, 8, b);
  }

  // ------------------------------------------------------------------ REST

  HttpResponse<String> post(String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/act")).timeout(T)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String good(String unnormKey) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image", NdArray.ofImage(image(3)));
    m.put("instruction", "pick");
    if (unnormKey != null) m.put("unnorm_key", unnormKey);
    return JsonNumpy.toText(m);
  }

  void assertGoodRest() throws Exception {
    HttpResponse<String> r = post(good(null));
    assertThat(r.statusCode()).isEqualTo(200);
    NdArray a = (NdArray) JsonNumpy.parse(r.body().getBytes(StandardCharsets.UTF_8));
    assertThat(a.dtype().str()).isEqualTo("<f8");
    assertThat(a.toDoubles()).containsExactly(FakePolicy.expected(new PolicyInput(image(3), null, null, "pick"), "k_default"));
  }

  @Test
  void restRefusesEachBadRequestAndKeepsServing() throws Exception {
    start(Protocol.OPENVLA_REST);
    String img = JsonNumpy.toText(NdArray.ofImage(image(3)));
    Object[][] bad = {
        {"{\"image\": ", 400, "malformed JSON"},
        {"[1, 2]", 400, "JSON object"},
        {"{\"instruction\": \"pick\"}", 400, "missing key 'image'"},
        {"{\"image\": " + img + "}", 400, "missing key 'instruction'"},
        {"{\"image\": {\"__numpy__\": \"AAAA\", \"dtype\": \"|O\", \"shape\": [3]}, \"instruction\": \"x\"}", 400, "object"},
        {"{\"image\": {\"__numpy__\": \"AAAAAAAAAAA=\", \"dtype\": \"<f8\", \"shape\": [1]}, \"instruction\": \"x\"}", 400, "[H, W, 3] uint8"},
        {"{\"image\": {\"__numpy__\": \"AAAA\", \"dtype\": \"|u1\", \"shape\": [2, 1, 3]}, \"instruction\": \"x\"}", 400, "needs 6 bytes, got 3"},
        {"{\"image\": {\"__numpy__\": \"AAAAAAA=\", \"dtype\": \"|u1\", \"shape\": [1, 5]}, \"instruction\": \"x\"}", 400, "shape [1, 5]"},
        {"{\"image\": " + img + ", \"instruction\": 7}", 400, "'instruction' must be a string"},
        {good("bridge_orig"), 400, "unknown unnorm_key 'bridge_orig'; available keys: [k_default, k_other]"},
        {"{\"encoded\": 5}", 400, "'encoded' must be a JSON string"},
        {"{\"image\": " + img + ", \"instruction\": \"explode\"}", 500, "boom"},
    };
    for (Object[] c : bad) {
      HttpResponse<String> r = post((String) c[0]);
      assertThat(r.statusCode()).as((String) c[0]).isEqualTo(c[1]);
      assertThat(r.body()).as((String) c[0]).contains("\"error\"").contains((String) c[2]).doesNotContain("at org.");
      assertGoodRest();
    }
  }

  @Test
  void restOversizedIsRefusedFromItsLengthAndTheOtherKeyWorks() throws Exception {
    start(Protocol.OPENVLA_REST);
    HttpResponse<String> r = post("{\"image\": \"" + "x".repeat((int) MAX) + "\"}");
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("exceeds the server's limit of " + MAX);
    assertGoodRest();
    // a chunked body (no Content-Length) is read only up to the limit
    byte[] big = new byte[(int) MAX * 4];
    java.util.Arrays.fill(big, (byte) ' ');
    HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/act")).timeout(T)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(chunked.body()).contains("exceeds the server's limit");
    assertGoodRest();
    // the other key and the double-encoded form
    HttpResponse<String> k = post(JsonNumpy.toText(Map.of("encoded", good("k_other"))));
    assertThat(k.statusCode()).isEqualTo(200);
    String inner = (String) JsonNumpy.parse(k.body().getBytes(StandardCharsets.UTF_8));
    assertThat(((NdArray) JsonNumpy.parse(inner.getBytes(StandardCharsets.UTF_8))).toDoubles()[3]).isEqualTo("k_other".length());
    // health, wrong path, wrong method
    HttpResponse<String> h = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(h.statusCode()).isEqualTo(200);
    assertThat(h.body()).isEqualTo("OK");
    HttpResponse<String> nf = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/predict")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(nf.statusCode()).isEqualTo(404);
    assertThat(nf.body()).contains("POST /act");
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/act")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
  }

  // ---------------------------------------------------------------- openpi

  WsConnection ws() {
    return WsConnection.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"), OPT);
  }

  static byte[] openpiObs(String prompt) {
    Map<Object, Object> m = new LinkedHashMap<>();
    m.put("observation/image", NdArray.ofImage(image(5)));
    m.put("observation/wrist_image", NdArray.ofImage(image(9)));
    m.put("observation/state", NdArray.ofFloat64(new double[] {0, 0, 0, 0, 0, 0, 0.01, 0.04}));
    m.put("prompt", prompt);
    return Msgpack.pack(m, Msgpack.Flavor.OPENPI);
  }

  @SuppressWarnings("unchecked")
  void assertGoodOpenpi() {
    try (WsConnection c = ws()) {
      Frame meta = c.receive(T);
      assertThat(meta).isInstanceOf(Frame.Binary.class);
      Map<Object, Object> md = (Map<Object, Object>) Msgpack.unpack(((Frame.Binary) meta).data());
      assertThat(md.get("action_horizon")).isEqualTo(1L);
      c.sendBinary(openpiObs("pick"), T);
      Map<Object, Object> r = (Map<Object, Object>) Msgpack.unpack(((Frame.Binary) c.receive(T)).data());
      NdArray a = (NdArray) r.get("actions");
      assertThat(a.shape()).containsExactly(1, 7);
      assertThat(a.toDoubles()).containsExactly(FakePolicy.expected(
          new PolicyInput(image(5), image(9), new double[] {0, 0, 0, 0, 0, 0, 0.01, 0.04}, "pick"), "k_default"));
      assertThat((Map<Object, Object>) r.get("server_timing")).containsKey("infer_ms");
    }
  }

  @Test
  void openpiAnswersTextThenCloseForEachBadRequestAndKeepsServing() {
    start(Protocol.OPENPI_WS);
    assertGoodOpenpi();
    Map<Object, Object> noPrompt = new LinkedHashMap<>();
    noPrompt.put("observation/image", NdArray.ofImage(image(5)));
    Map<Object, Object> badState = new LinkedHashMap<>(noPrompt);
    badState.put("prompt", "pick");
    badState.put("observation/state", NdArray.ofFloat64(new double[] {1, 2, 3}));
    Map<Object, Object> badImage = new LinkedHashMap<>();
    badImage.put("observation/image", NdArray.ofFloat32(new double[] {1, 2, 3}, 1, 1, 3));
    badImage.put("prompt", "pick");
    Object[][] bad = {
        {new byte[] {(byte) 0x84, (byte) 0xc4}, "malformed msgpack"},
        {Msgpack.pack(List.of(1, 2), Msgpack.Flavor.OPENPI), "must be a msgpack map"},
        {Msgpack.pack(noPrompt, Msgpack.Flavor.OPENPI), "missing key 'prompt'"},
        {Msgpack.pack(badState, Msgpack.Flavor.OPENPI), "8-element vector"},
        {Msgpack.pack(badImage, Msgpack.Flavor.OPENPI), "[H, W, 3] uint8"},
        {openpiObs("explode"), "boom"},
    };
    for (Object[] c : bad) {
      try (WsConnection conn = ws()) {
        conn.receive(T); // metadata
        conn.sendBinary((byte[]) c[0], T);
        Frame f = conn.receive(T);
        assertThat(f).as((String) c[1]).isInstanceOf(Frame.Text.class);
        assertThat(((Frame.Text) f).text()).contains((String) c[1]).doesNotContain("at org.");
        Frame close = conn.receive(T);
        assertThat(close).isInstanceOf(Frame.Closed.class);
        assertThat(((Frame.Closed) close).code()).isEqualTo(1011);
      }
      assertGoodOpenpi();
    }
  }

  @Test
  void openpiOversizedMessageIsRefused() throws Exception {
    start(Protocol.OPENPI_WS);
    try (WsConnection c = ws()) {
      c.receive(T);
      c.sendBinary(new byte[(int) MAX + 10], T);
      Frame f = c.receive(T);
      assertThat(f).isInstanceOf(Frame.Closed.class);
      assertThat(((Frame.Closed) f).code()).isEqualTo(1009);
    }
    assertGoodOpenpi();
    HttpResponse<String> h = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(h.statusCode()).isEqualTo(200);
    assertThat(h.body()).startsWith("OK");
  }

  // -------------------------------------------------------------- vla-eval

  static byte[] vlaObs(long seq, String task) {
    Map<Object, Object> images = new LinkedHashMap<>();
    images.put("agentview", NdArray.ofImage(image(7)));
    Map<Object, Object> p = new LinkedHashMap<>();
    p.put("images", images);
    p.put("task_description", task);
    return VlaEvalMessage.now(VlaEvalMessage.Type.OBSERVATION, p, seq).encode();
  }

  static VlaEvalMessage next(WsConnection c) {
    Frame f = c.receive(T);
    assertThat(f).isInstanceOf(Frame.Binary.class);
    return VlaEvalMessage.decode(((Frame.Binary) f).data());
  }

  @Test
  void vlaEvalAnswersErrorMessagesOnTheSameConnection() {
    start(Protocol.VLA_EVAL_WS);
    try (WsConnection c = ws()) {
      c.sendBinary(VlaEvalMessage.now(VlaEvalMessage.Type.HELLO, Map.of("harness_version", "test"), 1).encode(), T);
      VlaEvalMessage hello = next(c);
      assertThat(hello.type()).isEqualTo(VlaEvalMessage.Type.HELLO);
      assertThat(hello.seq()).isEqualTo(1);
      assertThat(hello.payload()).containsKeys("harness_version", "model_server", "capabilities");
      c.sendBinary(VlaEvalMessage.now(VlaEvalMessage.Type.EPISODE_START, Map.of("task_description", "pick"), 2).encode(), T);
      Map<Object, Object> noImages = Map.of("task_description", "pick");
      Map<Object, Object> badCam = Map.of("images", Map.of("front", NdArray.ofImage(image(1))), "task_description", "pick");
      Map<Object, Object> t = new LinkedHashMap<>();
      t.put("type", "telemetry");
      t.put("payload", Map.of());
      t.put("seq", 9);
      t.put("timestamp", 0.0);
      Object[][] bad = {
          {new byte[] {(byte) 0x92}, "malformed msgpack", 0L},
          {Msgpack.pack(t, Msgpack.Flavor.VLA_EVAL), "unknown message type 'telemetry'", 0L},
          {VlaEvalMessage.now(VlaEvalMessage.Type.OBSERVATION, noImages, 10).encode(), "needs 'images'", 10L},
          {VlaEvalMessage.now(VlaEvalMessage.Type.OBSERVATION, badCam, 11).encode(), "[agentview, agentview_image, image]", 11L},
          {vlaObs(12, "explode"), "boom", 12L},
      };
      long seq = 100;
      for (Object[] b : bad) {
        c.sendBinary((byte[]) b[0], T);
        VlaEvalMessage e = next(c);
        assertThat(e.type()).as((String) b[1]).isEqualTo(VlaEvalMessage.Type.ERROR);
        assertThat((String) e.payload().get("error")).contains((String) b[1]).doesNotContain("at org.");
        assertThat(e.seq()).isEqualTo(b[2]);
        c.sendBinary(vlaObs(++seq, "pick"), T);
        VlaEvalMessage a = next(c);
        assertThat(a.type()).isEqualTo(VlaEvalMessage.Type.ACTION);
        assertThat(a.seq()).isEqualTo(seq);
        assertThat(((NdArray) a.payload().get("actions")).toDoubles())
            .containsExactly(FakePolicy.expected(new PolicyInput(image(7), null, null, "pick"), "k_default"));
      }
    }
  }

  @Test
  void vlaEvalOversizedMessageIsRefused() {
    start(Protocol.VLA_EVAL_WS);
    try (WsConnection c = ws()) {
      c.sendBinary(new byte[(int) MAX + 10], T);
      Frame f = c.receive(T);
      assertThat(f).isInstanceOf(Frame.Closed.class);
      assertThat(((Frame.Closed) f).code()).isEqualTo(1009);
    }
    try (WsConnection c = ws()) {
      c.sendBinary(vlaObs(1, "pick"), T);
      assertThat(next(c).type()).isEqualTo(VlaEvalMessage.Type.ACTION);
    }
  }
}
