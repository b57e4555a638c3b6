package org.vla4j.policy.steps.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.policy.Fixtures;

/**
 * Statistics, BOUNDS_Q99 normalization, unnormalization and unnorm_key resolution. Expected values
 * come from {@code stats_fixtures.json}, computed by {@code gen_action_fixtures.py} with numpy
 * ({@code mean}, {@code std}, {@code min}, {@code max}, {@code np.quantile} default linear, and the
 * OpenVLA/Octo formulas with {@code np.where}/{@code np.clip}) on the trajectories in {@code
 * trajectories.jsonl} — not from the code under test.
 */
class NormalizationTest {

  private static final JsonNode FIX = Fixtures.load("stats_fixtures.json");
  private static final NormalizationStatistics EXPECTED =
      StatisticsJson.fromJson(FIX.get("statistics"));

  static List<Trajectory> trajectories() throws Exception {
    List<Trajectory> out = new ArrayList<>();
    ObjectMapper m = new ObjectMapper();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        Fixtures.class.getResourceAsStream("fixtures/trajectories.jsonl"), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        JsonNode n = m.readTree(line);
        out.add(new Trajectory(Fixtures.matrix(n.get("actions")), Fixtures.matrix(n.get("proprio"))));
      }
    }
    return out;
  }

  @Test
  void computedStatisticsMatchNumpy() throws Exception {
    DatasetStatistics want = EXPECTED.forKey("demo_ds");
    DatasetStatistics got = StatisticsComputer.compute(
        trajectories(), new boolean[] {true, true, true, true, true, true, false});
    assertThat(got.numTransitions()).isEqualTo(want.numTransitions());
    assertThat(got.numTrajectories()).isEqualTo(9);
    for (var pair : List.of(List.of(got.action(), want.action()), List.of(got.proprio(), want.proprio()))) {
      FeatureStatistics g = pair.get(0);
      FeatureStatistics w = pair.get(1);
      // min, max and quantiles involve no summation: bit-exact with numpy
      assertThat(g.min()).containsExactly(w.min());
      assertThat(g.max()).containsExactly(w.max());
      assertThat(g.q01()).containsExactly(w.q01());
      assertThat(g.q99()).containsExactly(w.q99());
      // sums: numpy may pick another summation order; allow a few ulps
      for (int j = 0; j < g.dims(); j++) {
        assertThat(g.mean()[j]).isCloseTo(w.mean()[j], within(1e-15));
        assertThat(g.std()[j]).isCloseTo(w.std()[j], within(1e-15));
      }
      assertThat(g.mask()).isEqualTo(w.mask());
    }
  }

  @Test
  void quantilesMatchNumpyLinearMethod() {
    for (JsonNode c : FIX.get("quantiles")) {
      double[] v = Fixtures.doubles(c.get("values"));
      java.util.Arrays.sort(v);
      assertThat(Quantiles.linearSorted(v, 0.01)).isEqualTo(c.get("q01").asDouble());
      assertThat(Quantiles.linearSorted(v, 0.99)).isEqualTo(c.get("q99").asDouble());
      assertThat(Quantiles.linearSorted(v, 0.5)).isEqualTo(c.get("q50").asDouble());
    }
    assertThatThrownBy(() -> Quantiles.linearSorted(new double[0], 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void normalizeMatchesOpenVlaFormulaIncludingClipMaskAndConstantDims() {
    ActionNormalizer n = new ActionNormalizer(EXPECTED.requireActionStatistics("demo_ds"));
    double[][] in = Fixtures.matrix(FIX.get("normalize").get("inputs"));
    double[][] want = Fixtures.matrix(FIX.get("normalize").get("outputs"));
    for (int i = 0; i < in.length; i++) {
      double[] out = new double[7];
      n.normalize(in[i], out);
      assertThat(out).as("row %d", i).containsExactly(want[i]);
      assertThat(out[5]).isEqualTo(0.0); // the constant dimension
    }
  }

  @Test
  void unnormalizeMatchesOpenVlaFormulaBitForBit() {
    ActionNormalizer n = new ActionNormalizer(EXPECTED.requireActionStatistics(null));
    double[][] in = Fixtures.matrix(FIX.get("unnormalize").get("inputs"));
    double[][] want = Fixtures.matrix(FIX.get("unnormalize").get("outputs"));
    double[] flat = new double[in.length * 7];
    for (int i = 0; i < in.length; i++) {
      double[] out = new double[7];
      n.unnormalize(in[i], out);
      assertThat(out).as("row %d", i).containsExactly(want[i]);
      assertThat(out[6]).as("gripper passes through (mask false)").isEqualTo(in[i][6]);
      System.arraycopy(in[i], 0, flat, i * 7, 7);
    }
    n.unnormalize(flat, flat); // a time-major chunk, in place
    assertThat(java.util.Arrays.copyOfRange(flat, 7, 14)).containsExactly(want[1]);
    assertThatThrownBy(() -> n.unnormalize(new double[6], new double[6]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7");
    assertThatThrownBy(() -> n.unnormalize(new double[] {0, 0, 0, 0, 0, 0, Double.NaN}, new double[7]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
  }

  @Test
  void jsonRoundTripKeepsEveryBitAndTheLayout(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("dataset_statistics.json");
    StatisticsJson.write(EXPECTED, f);
    assertThat(StatisticsJson.read(f)).isEqualTo(EXPECTED);
    JsonNode tree = new ObjectMapper().readTree(f.toFile());
    assertThat(tree.get("demo_ds").get("action").get("mask").toString())
        .isEqualTo("[true,true,true,true,true,true,false]");
    assertThat(tree.get("demo_ds").get("proprio").has("mask")).isFalse();
    assertThat(tree.get("demo_ds").get("num_trajectories").asInt()).isEqualTo(9);
  }

  private static NormalizationStatistics twoKeys() {
    DatasetStatistics ds = EXPECTED.forKey("demo_ds");
    Map<String, DatasetStatistics> m = new LinkedHashMap<>();
    m.put("libero_object_no_noops", ds);
    m.put("libero_spatial_no_noops", ds);
    m.put("proprio_only", new DatasetStatistics(null, ds.proprio(), 3, 1));
    return new NormalizationStatistics(m);
  }

  @Test
  void unnormKeyRulesAndErrorsListEveryKey() {
    NormalizationStatistics s = twoKeys();
    assertThat(EXPECTED.resolveUnnormKey(null)).isEqualTo("demo_ds");
    assertThat(s.resolveUnnormKey("libero_spatial_no_noops")).isEqualTo("libero_spatial_no_noops");
    assertThatThrownBy(() -> s.resolveUnnormKey(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("libero_object_no_noops").hasMessageContaining("libero_spatial_no_noops")
        .hasMessageContaining("proprio_only");
    assertThatThrownBy(() -> s.resolveUnnormKey("bridge_orig"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bridge_orig'")
        .hasMessageContaining("libero_object_no_noops").hasMessageContaining("libero_spatial_no_noops")
        .hasMessageContaining("proprio_only");
  }

  @Test
  void aKeyWithoutActionStatisticsRefusesToLoad() {
    assertThatThrownBy(() -> twoKeys().requireActionStatistics("proprio_only"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'proprio_only'").hasMessageContaining("no action statistics")
        .hasMessageContaining("libero_object_no_noops");
  }

  @Test
  void malformedFilesAreRejectedWithTheField(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.json");
    Files.writeString(f, "{\"ds\": {\"action\": {\"mean\": [0, 1], \"std\": [1, 1], \"max\": [1, 1],"
        + " \"min\": [0, 0], \"q01\": [0, \"x\"], \"q99\": [1, 1]}}}");
    assertThatThrownBy(() -> StatisticsJson.read(f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ds.action").hasMessageContaining("q01[1]");
    Files.writeString(f, "{\"ds\": {\"action\": {\"mean\": [0, 1], \"std\": [1], \"max\": [1, 1],"
        + " \"min\": [0, 0], \"q01\": [0, 0], \"q99\": [1, 1]}}}");
    assertThatThrownBy(() -> StatisticsJson.read(f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("std");
    assertThatThrownBy(() -> StatisticsJson.read(dir.resolve("missing.json")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.json");
  }
}
