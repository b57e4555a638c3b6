package org.vla4j.sim.robot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeded property tests: A·A⁻¹ = I for SPD matrices, and the pseudo-inverse's Penrose identity. */
class SmallLinAlgTest {
  static double[] randomSpd(SplittableRandom rng, int n, int rank) {
    double[] b = new double[n * rank];
    for (int i = 0; i < b.length; i++) b[i] = rng.nextDouble(-1, 1);
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < rank; k++) s += b[i * rank + k] * b[j * rank + k];
        a[i * n + j] = s + (rank == n && i == j ? 0.1 : 0);
      }
    }
    return a;
  }

  static double[] mul(double[] a, double[] b, int n) {
    double[] c = new double[n * n];
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) for (int k = 0; k < n; k++) c[i * n + j] += a[i * n + k] * b[k * n + j];
    return c;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void choleskyInverseInverts(long seed) {
    int n = 7;
    double[] a = randomSpd(new SplittableRandom(seed), n, n);
    double[] inv = new double[n * n];
    SmallLinAlg.inverseSpd(a, n, inv, new double[n * n]);
    double[] id = mul(a, inv, n);
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) assertThat(id[i * n + j]).isCloseTo(i == j ? 1 : 0, within(1e-9));
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14, 15})
  void pseudoInverseSatisfiesPenroseOnRankDeficientMatrices(long seed) {
    int n = 6;
    double[] a = randomSpd(new SplittableRandom(seed), n, 4); // rank 4
    double[] p = new double[n * n];
    SmallLinAlg.pinvSymmetric(a, n, 1e-10, p);
    double[] apa = mul(mul(a, p, n), a, n);
    for (int i = 0; i < n * n; i++) assertThat(apa[i]).isCloseTo(a[i], within(1e-9));
    double[] full = randomSpd(new SplittableRandom(seed), n, n);
    SmallLinAlg.pinvSymmetric(full, n, 1e-15, p);
    double[] id = mul(full, p, n);
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) assertThat(id[i * n + j]).isCloseTo(i == j ? 1 : 0, within(1e-9));
  }
}
