package org.vla4j.policy.steps.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** FAST: the DCT against scipy's, the flatten order of FAST's processor, BPE round trips within the quantization bound. */
class FastActionTokenizerTest {
  /** Smooth chunks like a controller's: a random line plus a slow sine per dimension, in [−1, 1]. */
  static List<double[]> smoothChunks(long seed, int n, int k, int d) {
    SplittableRandom r = new SplittableRandom(seed);
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] c = new double[k * d];
      for (int j = 0; j < d; j++) {
        double a = r.nextDouble(-0.6, 0.6), b = r.nextDouble(-0.3, 0.3) / k, amp = r.nextDouble(0, 0.2), ph = r.nextDouble(0, 6.28);
        for (int t = 0; t < k; t++) c[t * d + j] = Math.max(-1, Math.min(1, a + b * t + amp * Math.sin(ph + t * 0.4)));
      }
      out.add(c);
    }
    return out;
  }

  @Test
  void dctIsScipysOrthonormalDctIIAndIdctInvertsIt() {
    // scipy.fft.dct([0.5, -0.25, 1.0, 0.0, 0.75], norm="ortho")
    double[] ref = {0.89442719, -0.24331225, 0.05598844, 0.05743823, 1.00467173};
    double[] x = {0.5, -0.25, 1.0, 0.0, 0.75};
    double[] c = FastActionTokenizer.dct(x);
    for (int i = 0; i < ref.length; i++) assertThat(c[i]).isCloseTo(ref[i], within(1e-8));
    double[] back = FastActionTokenizer.idct(c);
    for (int i = 0; i < x.length; i++) assertThat(back[i]).isCloseTo(x[i], within(1e-12));
    // a constant series has only coefficient 0 = √N · value
    double[] k = FastActionTokenizer.dct(new double[] {1, 1, 1, 1});
    assertThat(k[0]).isCloseTo(2.0, within(1e-12));
    for (int i = 1; i < 4; i++) assertThat(k[i]).isCloseTo(0.0, within(1e-12));
  }

  @Test
  void coefficientsAreFlattenedFrequencyMajorAsFastsProcessor() {
    // np.around(dct(a, axis=0, norm="ortho") * 10).flatten() for a = [[.1,-.2],[.3,.4],[.5,-.6],[.7,.8]] (time × dim)
    double[] chunk = {0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0.7, 0.8};
    assertThat(FastActionTokenizer.quantize(chunk, 4, 2, 10)).containsExactly(8, 2, -4, -4, 0, 4, 0, -9);
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 8, 16})
  void roundTripErrorIsWithinTheQuantizationBoundAndBpeShortensTheSequence(int k) {
    int d = 7;
    double scale = 10;
    FastActionTokenizer fast = FastActionTokenizer.train(smoothChunks(1, 400, k, d), k, d, scale, 256);
    assertThat(fast.vocabSize()).isLessThanOrEqualTo(256);
    double bound = 0.5 * Math.sqrt(k) / scale;
    int tokens = 0;
    List<double[]> test = smoothChunks(2, 100, k, d);
    for (double[] c : test) {
      int[] ids = fast.encode(c);
      tokens += ids.length;
      double[] back = fast.decode(ids);
      // the same as decoding the unmerged coefficients: BPE is lossless
      assertThat(back).containsExactly(FastActionTokenizer.dequantize(fast.coefficients(c), k, d, scale));
      for (int j = 0; j < d; j++) {
        double l2 = 0;
        for (int t = 0; t < k; t++) l2 += Math.pow(back[t * d + j] - c[t * d + j], 2);
        assertThat(Math.sqrt(l2)).isLessThanOrEqualTo(bound + 1e-12);
      }
    }
    assertThat(tokens / (double) test.size()).as("tokens per chunk").isLessThan(k * d);
  }

  @Test
  void trainingIsDeterministicAndBadTokensAreNamed() {
    List<double[]> data = smoothChunks(3, 50, 8, 7);
    FastActionTokenizer a = FastActionTokenizer.train(data, 8, 7, 10, 128);
    FastActionTokenizer b = FastActionTokenizer.train(data, 8, 7, 10, 128);
    assertThat(a.encode(data.get(0))).containsExactly(b.encode(data.get(0)));
    assertThatThrownBy(() -> a.decode(new int[] {a.vocabSize()})).hasMessageContaining("outside the vocabulary");
    assertThatThrownBy(() -> a.decode(new int[] {0})).hasMessageContaining("expand to 1 coefficients");
    assertThatThrownBy(() -> a.encode(new double[3])).hasMessageContaining("8x7");
  }
}
