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
 * RT-2 style uniform tokenizer, against {@code tokenizer_fixtures.json} computed by {@code
 * gen_action_fixtures.py} with plain Python (including Python's half-to-even {@code round}).
 */
class UniformActionTokenizerTest {

  private static final JsonNode FIX = Fixtures.load("tokenizer_fixtures.json").get("uniform");
  private final UniformActionTokenizer tok =
      new UniformActionTokenizer(256, Fixtures.doubles(FIX.get("low")), Fixtures.doubles(FIX.get("high")));

  @Test
  void seedVector() {
    assertThat(tok.encode(new double[] {0.1, -0.05, 0.3, 0, 0, 0, 1}))
        .containsExactly(153, 115, 204, 128, 128, 128, 255);
  }

  @Test
  void encodeMatchesPythonReference() {
    for (JsonNode c : FIX.get("cases")) {
      assertThat(tok.encode(Fixtures.doubles(c.get("action"))))
          .as(c.get("action").toString()).containsExactly(Fixtures.ints(c.get("ids")));
    }
  }

  @Test
  void roundsHalvesToEvenLikePython() {
    JsonNode h = FIX.get("half");
    UniformActionTokenizer t =
        new UniformActionTokenizer(256, Fixtures.doubles(h.get("low")), Fixtures.doubles(h.get("high")));
    assertThat(t.encode(Fixtures.doubles(h.get("inputs")))).containsExactly(Fixtures.ints(h.get("ids")));
    assertThat(t.encode(new double[] {126.5})).containsExactly(126); // Math.round would give 127
  }

  @Test
  void decodeMatchesPythonReferenceAndCountsOutOfRange() {
    assertThat(tok.decode(Fixtures.ints(FIX.get("decode_ids"))).actions())
        .containsExactly(Fixtures.doubles(FIX.get("decode_values")));
    ActionTokenizer.Decoded d = tok.decode(new int[] {-1, 0, 0, 0, 0, 0, 256});
    assertThat(d.outOfRange()).isEqualTo(2);
    assertThat(d.actions()[0]).isEqualTo(-0.5);
    assertThat(d.actions()[6]).isEqualTo(1.0);
  }

  @Test
  void rejectsBadBoundsAndDimensions() {
    assertThatThrownBy(() -> new UniformActionTokenizer(256, new double[] {0, 1}, new double[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension 1");
    assertThatThrownBy(() -> tok.encode(new double[6]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7");
  }

  /** encode→decode error ≤ half a bin width ((high − low)/(2(B − 1))) per dimension. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13})
  void roundTripErrorAtMostHalfABin(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] low = tok.low();
    double[] high = tok.high();
    double[] a = new double[7 * 1000];
    for (int i = 0; i < a.length; i++) {
      a[i] = rnd.nextDouble(low[i % 7], high[i % 7]);
    }
    double[] back = tok.decode(tok.encode(a)).actions();
    for (int i = 0; i < a.length; i++) {
      double half = (high[i % 7] - low[i % 7]) / (2 * 255.0);
      assertThat(Math.abs(back[i] - a[i])).isLessThanOrEqualTo(half * (1 + 1e-12));
    }
  }

  /** decode→encode is the identity on every id 0..B−1. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {21, 22})
  void decodeThenEncodeIsIdentity(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] ids = new int[7 * 500];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = rnd.nextInt(0, 256);
    }
    assertThat(tok.encode(tok.decode(ids).actions())).containsExactly(ids);
  }

  @Test
  void factoryListsValidSchemes() {
    assertThatThrownBy(() -> ActionTokenizers.create("fast", 32000, 256, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fast").hasMessageContaining("openvla").hasMessageContaining("uniform");
    assertThat(ActionTokenizers.create("openvla", 32000, 256, null, null))
        .isEqualTo(OpenVlaActionTokenizer.openVla());
  }
}
