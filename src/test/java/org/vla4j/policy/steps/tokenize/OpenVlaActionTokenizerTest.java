package org.vla4j.policy.steps.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vla4j.policy.Fixtures;

/**
 * OpenVLA action tokenizer, checked bit for bit against {@code tokenizer_fixtures.json}, which
 * {@code fixtures/gen_action_fixtures.py} computes with numpy ({@code np.linspace}, {@code
 * np.digitize}, {@code np.clip}) following OpenVLA's published algorithm (arXiv:2406.09246),
 * independently of this code. Property tests are seeded and parameterized.
 */
class OpenVlaActionTokenizerTest {

  private static final JsonNode FIX = Fixtures.load("tokenizer_fixtures.json").get("openvla");
  private final OpenVlaActionTokenizer tok = OpenVlaActionTokenizer.openVla();

  @Test
  void edgesAndCentersMatchNumpyBitForBit() {
    assertThat(tok.edges()).containsExactly(Fixtures.doubles(FIX.get("edges")));
    assertThat(tok.centers()).containsExactly(Fixtures.doubles(FIX.get("centers")));
    assertThat(tok.centers()[0]).isEqualTo(-1 + 1 / 255.0, org.assertj.core.data.Offset.offset(1e-15));
  }

  @Test
  void encodeMatchesNumpyDigitizeOnEdgesNeighboursAndRandomValues() {
    double[] in = Fixtures.doubles(FIX.get("encode_inputs"));
    assertThat(tok.encode(in)).containsExactly(Fixtures.ints(FIX.get("encode_ids")));
  }

  @Test
  void decodeMatchesReferenceIncludingOutOfRangeIds() {
    int[] ids = Fixtures.ints(FIX.get("decode_ids"));
    ActionTokenizer.Decoded d = tok.decode(ids);
    assertThat(d.actions()).containsExactly(Fixtures.doubles(FIX.get("decode_values")));
    int expectedOutside = 0;
    for (int id : ids) {
      if (id < 31744 || id > 31999) {
        expectedOutside++;
      }
    }
    assertThat(d.outOfRange()).isEqualTo(expectedOutside).isPositive();
  }

  @Test
  void publishedAnchorValues() {
    assertThat(tok.encodeValue(0.0)).isEqualTo(31872);
    assertThat(tok.decode(new int[] {31872}).actions()[0]).isEqualTo(0.0);
    assertThat(tok.encodeValue(-1.0)).isEqualTo(31999);
    assertThat(tok.encodeValue(1.0)).isEqualTo(31744);
    assertThat(tok.encodeValue(5.0)).isEqualTo(31744);
    assertThat(tok.encodeValue(-5.0)).isEqualTo(31999);
    assertThat(tok.minActionId()).isEqualTo(31744);
    assertThat(tok.maxActionId()).isEqualTo(31999);
    // the 31744/31745 collapse: both decode to the last center
    assertThat(tok.decode(new int[] {31744, 31745}).actions()).containsExactly(
        tok.centers()[254], tok.centers()[254]);
  }

  @Test
  void customVocabAndBinCountMatchNumpy() {
    JsonNode s = Fixtures.load("tokenizer_fixtures.json").get("openvla_small");
    OpenVlaActionTokenizer small = OpenVlaActionTokenizer.of(1000, 16);
    assertThat(small.encode(Fixtures.doubles(s.get("encode_inputs"))))
        .containsExactly(Fixtures.ints(s.get("encode_ids")));
    assertThat(small.decode(Fixtures.ints(s.get("decode_ids"))).actions())
        .containsExactly(Fixtures.doubles(s.get("decode_values")));
  }

  @Test
  void chunksAreTimeMajor() {
    double[][] chunk = {{-1, 0, 1}, {0.5, -0.5, 0}};
    int[] ids = tok.encodeChunk(chunk);
    assertThat(ids).containsExactly(
        tok.encodeValue(-1), tok.encodeValue(0), tok.encodeValue(1),
        tok.encodeValue(0.5), tok.encodeValue(-0.5), tok.encodeValue(0));
    ActionTokenizer.DecodedChunk back = tok.decodeChunk(ids, 3);
    assertThat(back.chunk()).hasDimensions(2, 3);
    assertThat(back.chunk()[1][0]).isEqualTo(tok.decode(new int[] {ids[3]}).actions()[0]);
    assertThatThrownBy(() -> tok.decodeChunk(ids, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("6").hasMessageContaining("4");
  }

  @Test
  void rejectsNonFiniteAndBadSizes() {
    assertThatThrownBy(() -> tok.encode(new double[] {0, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1").hasMessageContaining("NaN");
    assertThatThrownBy(() -> tok.encode(new double[] {Double.POSITIVE_INFINITY}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
    assertThatThrownBy(() -> OpenVlaActionTokenizer.of(100, 256))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100");
    assertThatThrownBy(() -> tok.encode(new double[2], new int[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** encode→decode error ≤ half a bin width (1/255) for every value inside [−1, 1]. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 2024})
  void roundTripErrorAtMostHalfABin(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double half = 1.0 / 255.0;
    double[] a = new double[10_000];
    for (int i = 0; i < a.length; i++) {
      a[i] = rnd.nextDouble(-1.0, Math.nextUp(1.0));
    }
    a[0] = -1.0;
    a[1] = 1.0;
    double[] back = tok.decode(tok.encode(a)).actions();
    for (int i = 0; i < a.length; i++) {
      assertThat(Math.abs(back[i] - a[i])).as("a=%s", a[i]).isLessThanOrEqualTo(half + 1e-15);
    }
  }

  /** decode→encode is the identity on action ids, except 31744 (a = 1.0) which becomes 31745. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {7, 8, 9})
  void decodeThenEncodeIsIdentityExceptDocumentedCollapse(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] ids = new int[2000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = rnd.nextInt(31744, 32000);
    }
    ids[0] = 31744;
    ids[1] = 31745;
    ids[2] = 31999;
    int[] again = tok.encode(tok.decode(ids).actions());
    for (int i = 0; i < ids.length; i++) {
      int expected = ids[i] == 31744 ? 31745 : ids[i];
      assertThat(again[i]).as("id %d", ids[i]).isEqualTo(expected);
    }
  }
}
