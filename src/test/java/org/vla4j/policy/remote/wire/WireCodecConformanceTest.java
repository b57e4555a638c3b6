package org.vla4j.policy.remote.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vla4j.policy.steps.image.RgbImage;

/**
 * Conformance of the three wire codecs against byte fixtures written by hand from the published
 * formats (openpi {@code msgpack_numpy.py}, vla-eval {@code protocol/numpy_codec.py} and {@code
 * image_codec.py}, json_numpy as OpenVLA's {@code deploy.py} uses it): the fixtures decode to the
 * right arrays, our encoder reproduces them to the byte, and our encodings decode back.
 */
class WireCodecConformanceTest {

  /** Hand assembly of msgpack bytes. */
  static final class Mp {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Mp hex(String h) {
      out.writeBytes(HexFormat.of().parseHex(h.replace(" ", "")));
      return this;
    }

    Mp bin(String s) { // bin8 of ASCII text
      byte[] b = s.getBytes(StandardCharsets.US_ASCII);
      out.write(0xc4);
      out.write(b.length);
      out.writeBytes(b);
      return this;
    }

    Mp bin(byte[] b) {
      out.write(0xc4);
      out.write(b.length);
      out.writeBytes(b);
      return this;
    }

    Mp str(String s) { // fixstr
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.write(0xa0 | b.length);
      out.writeBytes(b);
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  static byte[] hex(String h) {
    return HexFormat.of().parseHex(h.replace(" ", ""));
  }

  /** openpi: np.array([1.0, -2.5], dtype=np.float32) → {b"__ndarray__": True, b"data": …, b"dtype": "<f4", b"shape": (2,)}. */
  static final byte[] OPENPI_F4 = new Mp().hex("84").bin("__ndarray__").hex("c3").bin("data").bin(hex("0000803f 000020c0"))
      .bin("dtype").str("<f4").bin("shape").hex("91 02").bytes();

  @Test
  void openpiFloat32VectorDecodesAndEncodesToTheByte() {
    NdArray a = (NdArray) Msgpack.unpack(OPENPI_F4);
    assertThat(a.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(a.shape()).containsExactly(2);
    assertThat(a.toDoubles()).containsExactly(1.0, -2.5);
    assertThat(Msgpack.pack(NdArray.ofFloat32(new double[] {1.0, -2.5}), Msgpack.Flavor.OPENPI)).isEqualTo(OPENPI_F4);
  }

  @Test
  void openpiObservationWithImageStateAndPrompt() {
    // {"observation/image": uint8 [1, 2, 3], "observation/state": float64 [2], "prompt": "pick"}
    byte[] px = {0, 1, 2, (byte) 253, (byte) 254, (byte) 255};
    byte[] f = new Mp().hex("83").str("observation/image")
        .hex("84").bin("__ndarray__").hex("c3").bin("data").bin(px).bin("dtype").str("|u1").bin("shape").hex("93 01 02 03")
        .str("observation/state")
        .hex("84").bin("__ndarray__").hex("c3").bin("data").bin(hex("000000000000f03f 00000000000000c0"))
        .bin("dtype").str("<f8").bin("shape").hex("91 02")
        .str("prompt").str("pick").bytes();
    @SuppressWarnings("unchecked")
    Map<Object, Object> m = (Map<Object, Object>) Msgpack.unpack(f);
    assertThat(m).containsOnlyKeys("observation/image", "observation/state", "prompt");
    RgbImage im = ((NdArray) m.get("observation/image")).toImage("observation/image");
    assertThat(im.height()).isEqualTo(1);
    assertThat(im.width()).isEqualTo(2);
    assertThat(im.get(0, 1, 2)).isEqualTo(255);
    assertThat(((NdArray) m.get("observation/state")).toDoubles()).containsExactly(1.0, -2.0);
    assertThat(m.get("prompt")).isEqualTo("pick");
    // our encoder writes the same bytes for the same dict
    Map<Object, Object> back = new LinkedHashMap<>();
    back.put("observation/image", m.get("observation/image"));
    back.put("observation/state", NdArray.ofFloat64(new double[] {1.0, -2.0}));
    back.put("prompt", "pick");
    assertThat(Msgpack.pack(back, Msgpack.Flavor.OPENPI)).isEqualTo(f);
  }

  @Test
  void openpiSeveralDtypesAndShapes() {
    // int64 [3] = [-1, 0, 300]; bool [2] = [True, False]; big-endian float64 [1, 1] = 0.5;
    // uint16 [2, 1] = [1, 65535]; float16 [1] = 1.5
    Object[][] cases = {
        {"<i8", "91 03", "ffffffffffffffff 0000000000000000 2c01000000000000", new double[] {-1, 0, 300}, new int[] {3}},
        {"|b1", "91 02", "01 00", new double[] {1, 0}, new int[] {2}},
        {">f8", "92 01 01", "3fe0000000000000", new double[] {0.5}, new int[] {1, 1}},
        {"<u2", "92 02 01", "0100 ffff", new double[] {1, 65535}, new int[] {2, 1}},
        {"<f2", "91 01", "003e", new double[] {1.5}, new int[] {1}},
        {"<f8", "92 00 07", "", new double[0], new int[] {0, 7}},
    };
    for (Object[] c : cases) {
      byte[] f = new Mp().hex("84").bin("__ndarray__").hex("c3").bin("data").bin(hex((String) c[2]))
          .bin("dtype").str((String) c[0]).bin("shape").hex((String) c[1]).bytes();
      NdArray a = (NdArray) Msgpack.unpack(f);
      assertThat(a.dtype().str()).as((String) c[0]).isEqualTo(c[0]);
      assertThat(a.shape()).as((String) c[0]).containsExactly((int[]) c[4]);
      assertThat(a.toDoubles()).as((String) c[0]).containsExactly((double[]) c[3]);
      assertThat(Msgpack.pack(a, Msgpack.Flavor.OPENPI)).as((String) c[0] + " re-encodes to the byte").isEqualTo(f);
    }
  }

  @Test
  void openpiNumpyScalars() {
    // np.float64(0.25) → {b"__npgeneric__": True, b"data": 0.25 (float64), b"dtype": "<f8"}
    byte[] f8 = new Mp().hex("83").bin("__npgeneric__").hex("c3").bin("data").hex("cb 3fd0000000000000").bin("dtype").str("<f8").bytes();
    NdArray a = (NdArray) Msgpack.unpack(f8);
    assertThat(a.shape()).isEmpty();
    assertThat(a.toDoubles()).containsExactly(0.25);
    assertThat(Msgpack.pack(a, Msgpack.Flavor.OPENPI)).isEqualTo(f8);
    // np.int32(-7) → data is the native int -7 (negative fixint 0xf9)
    byte[] i4 = new Mp().hex("83").bin("__npgeneric__").hex("c3").bin("data").hex("f9").bin("dtype").str("<i4").bytes();
    NdArray b = (NdArray) Msgpack.unpack(i4);
    assertThat(b.dtype().str()).isEqualTo("<i4");
    assertThat(b.toDoubles()).containsExactly(-7.0);
    assertThat(Msgpack.pack(b, Msgpack.Flavor.OPENPI)).isEqualTo(i4);
  }

  /** vla-eval: the same array with str keys. */
  static final byte[] VLA_EVAL_F4 = new Mp().hex("84").str("__ndarray__").hex("c3").str("data").bin(hex("0000803f 000020c0"))
      .str("dtype").str("<f4").str("shape").hex("91 02").bytes();

  @Test
  void vlaEvalStringKeysDecodeAndEncodeToTheByte() {
    NdArray a = (NdArray) Msgpack.unpack(VLA_EVAL_F4);
    assertThat(a.toDoubles()).containsExactly(1.0, -2.5);
    assertThat(Msgpack.pack(a, Msgpack.Flavor.VLA_EVAL)).isEqualTo(VLA_EVAL_F4);
    // both spellings decode in either convention
    assertThat(((NdArray) Msgpack.unpack(OPENPI_F4)).sameAs(a)).isTrue();
  }

  @Test
  void vlaEvalEnvelopeWithRawImage() {
    byte[] px = {10, 20, 30, 40, 50, 60};
    byte[] f = new Mp().hex("84").str("type").str("observation").str("payload")
        .hex("82").str("images").hex("81").str("agentview")
        .hex("85").str("__image__").hex("c3").str("format").str("raw").str("data").bin(px).str("dtype").str("|u1").str("shape").hex("93 02 01 03")
        .str("task_description").str("go")
        .str("seq").hex("05").str("timestamp").hex("cb 41d9000000000000").bytes();
    VlaEvalMessage m = VlaEvalMessage.decode(f);
    assertThat(m.type()).isEqualTo(VlaEvalMessage.Type.OBSERVATION);
    assertThat(m.seq()).isEqualTo(5);
    assertThat(m.timestamp()).isEqualTo(1677721600.0);
    @SuppressWarnings("unchecked")
    Map<Object, Object> images = (Map<Object, Object>) m.payload().get("images");
    RgbImage im = ((NdArray) images.get("agentview")).toImage("agentview");
    assertThat(im.height()).isEqualTo(2);
    assertThat(im.get(1, 0, 2)).isEqualTo(60);
    assertThat(m.payload().get("task_description")).isEqualTo("go");
    // re-encoded with the raw image map it is the same frame
    Map<Object, Object> payload = new LinkedHashMap<>();
    payload.put("images", Map.of("agentview", Images.encode(im, "raw")));
    payload.put("task_description", "go");
    assertThat(new VlaEvalMessage(VlaEvalMessage.Type.OBSERVATION, payload, 5, 1677721600.0).encode()).isEqualTo(f);
  }

  @ParameterizedTest
  @ValueSource(strings = {"png", "jpeg"})
  void vlaEvalCompressedImagesDecode(String format) {
    byte[] px = new byte[8 * 6 * 3];
    for (int i = 0; i < px.length; i++) px[i] = (byte) (i * 7);
    RgbImage im = new RgbImage(8, 6, px);
    byte[] f = Msgpack.pack(Images.encode(im, format), Msgpack.Flavor.VLA_EVAL);
    RgbImage back = ((NdArray) Msgpack.unpack(f)).toImage("x");
    assertThat(back.height()).isEqualTo(8);
    assertThat(back.width()).isEqualTo(6);
    if (format.equals("png")) assertThat(back.data()).as("png is lossless").isEqualTo(px);
  }

  @Test
  void vlaEvalEnvelopeValidation() {
    assertThatThrownBy(() -> VlaEvalMessage.decode(Msgpack.pack(Map.of("type", "observation"), Msgpack.Flavor.VLA_EVAL)))
        .isInstanceOf(WireException.class).hasMessageContaining("payload").hasMessageContaining("seq");
    Map<Object, Object> bad = new LinkedHashMap<>();
    bad.put("type", "telemetry");
    bad.put("payload", Map.of());
    bad.put("seq", 1);
    bad.put("timestamp", 0.0);
    assertThatThrownBy(() -> VlaEvalMessage.decode(Msgpack.pack(bad, Msgpack.Flavor.VLA_EVAL)))
        .hasMessageContaining("telemetry").hasMessageContaining("episode_start");
  }

  @ParameterizedTest
  @ValueSource(strings = {"|O", "|V8", "<c16", "<U5", "<M8", "float128", "<f3", "|b2"})
  void disallowedDtypesAreRefusedWithTheValidChoices(String dtype) {
    byte[] f = new Mp().hex("84").bin("__ndarray__").hex("c3").bin("data").bin(new byte[16])
        .bin("dtype").str(dtype).bin("shape").hex("91 01").bytes();
    assertThatThrownBy(() -> Msgpack.unpack(f)).isInstanceOf(WireException.class)
        .hasMessageContaining(dtype).hasMessageContaining("|u1");
  }

  @Test
  void malformedMsgpackIsAWireException() {
    assertThatThrownBy(() -> Msgpack.unpack(hex("84 c4"))).isInstanceOf(WireException.class).hasMessageContaining("malformed");
    assertThatThrownBy(() -> Msgpack.unpack(hex("c1"))).isInstanceOf(WireException.class);
    assertThatThrownBy(() -> Msgpack.unpack(hex("c3 c3"))).hasMessageContaining("trailing");
    // a bin32 header claiming 4 GB in a 6-byte frame is refused before allocating
    assertThatThrownBy(() -> Msgpack.unpack(hex("c6 ffffffff 00"))).hasMessageContaining("claims more");
    // ext types are refused
    assertThatThrownBy(() -> Msgpack.unpack(hex("d4 01 00"))).hasMessageContaining("ext");
    // data length that does not match shape × itemsize
    byte[] f = new Mp().hex("84").bin("__ndarray__").hex("c3").bin("data").bin(new byte[7])
        .bin("dtype").str("<f8").bin("shape").hex("91 01").bytes();
    assertThatThrownBy(() -> Msgpack.unpack(f)).hasMessageContaining("needs 8 bytes, got 7");
    // 40 nested arrays
    assertThatThrownBy(() -> Msgpack.unpack(hex("91".repeat(40) + "c0"))).hasMessageContaining("deeper");
  }

  // ------------------------------------------------------------- json_numpy

  @Test
  void jsonNumpyFixturesDecode() {
    String body = """
        {"image": {"__numpy__": "AAEC/f7/", "dtype": "|u1", "shape": [1, 2, 3]},
         "instruction": "pick up the milk",
         "unnorm_key": "vla4j_object",
         "action": {"__numpy__": "AAAAAAAA8D8AAAAAAAAAwA==", "dtype": "<f8", "shape": [2]},
         "f4": {"__numpy__": "AACAPwAAIMA=", "dtype": "<f4", "shape": [2, 1]},
         "scalar": {"__numpy__": "AAAAAAAA0D8=", "dtype": "<f8", "shape": []}}
        """;
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) JsonNumpy.parse(body.getBytes(StandardCharsets.UTF_8));
    RgbImage im = ((NdArray) m.get("image")).toImage("image");
    assertThat(im.data()).containsExactly(0, 1, 2, -3, -2, -1);
    assertThat(m.get("instruction")).isEqualTo("pick up the milk");
    assertThat(((NdArray) m.get("action")).toDoubles()).containsExactly(1.0, -2.0);
    assertThat(((NdArray) m.get("f4")).shape()).containsExactly(2, 1);
    assertThat(((NdArray) m.get("f4")).toDoubles()).containsExactly(1.0, -2.5);
    assertThat(((NdArray) m.get("scalar")).shape()).isEmpty();
    assertThat(((NdArray) m.get("scalar")).toDoubles()).containsExactly(0.25);
  }

  @Test
  void jsonNumpyEncodesAsTheReferenceAndRoundTrips() {
    NdArray a = NdArray.ofFloat64(new double[] {1.0, -2.0});
    assertThat(JsonNumpy.toText(a)).isEqualTo("{\"__numpy__\":\"AAAAAAAA8D8AAAAAAAAAwA==\",\"dtype\":\"<f8\",\"shape\":[2]}");
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("image", NdArray.ofImage(new RgbImage(2, 2, new byte[12])));
    payload.put("instruction", "x");
    @SuppressWarnings("unchecked")
    Map<String, Object> back = (Map<String, Object>) JsonNumpy.parse(JsonNumpy.toBytes(payload));
    assertThat(((NdArray) back.get("image")).sameAs((NdArray) payload.get("image"))).isTrue();
    // double-encoded form: {"encoded": "<json text>"}, the inner text parses to the same payload
    byte[] enc = JsonNumpy.toBytes(Map.of("encoded", JsonNumpy.toText(payload)));
    @SuppressWarnings("unchecked")
    Map<String, Object> outer = (Map<String, Object>) JsonNumpy.parse(enc);
    @SuppressWarnings("unchecked")
    Map<String, Object> inner = (Map<String, Object>) JsonNumpy.parse(((String) outer.get("encoded")).getBytes(StandardCharsets.UTF_8));
    assertThat(((NdArray) inner.get("image")).sameAs((NdArray) payload.get("image"))).isTrue();
  }

  @Test
  void jsonNumpyErrorsNameTheProblem() {
    assertThatThrownBy(() -> JsonNumpy.parse("{\"image\": ".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(WireException.class).hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> JsonNumpy.parse("{\"a\": {\"__numpy__\": \"%%\", \"dtype\": \"<f8\", \"shape\": [1]}}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("base64");
    assertThatThrownBy(() -> JsonNumpy.parse("{\"a\": {\"__numpy__\": \"AAAA\", \"dtype\": \"|O\", \"shape\": [3]}}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("'|O'").hasMessageContaining("object");
    assertThatThrownBy(() -> JsonNumpy.parse("{\"a\": {\"__numpy__\": \"AAAA\", \"dtype\": \"|u1\", \"shape\": [4]}}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("needs 4 bytes, got 3");
    assertThatThrownBy(() -> JsonNumpy.parse("[".repeat(50).getBytes(StandardCharsets.UTF_8))).isInstanceOf(WireException.class);
    assertThat(List.of("|u1", "<f8")).allSatisfy(d -> assertThat(DType.parse(d).str()).isEqualTo(d));
    assertThat(DType.parse("float32").str()).isEqualTo("<f4");
  }
}
