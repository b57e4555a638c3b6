package org.vla4j.policy.steps.normalize;

/**
 * numpy's default quantile ({@code np.quantile(x, q)}, {@code method="linear"}, Hyndman & Fan
 * type 7), reproduced operation for operation in float64: virtual index {@code v = (n − 1)·q};
 * {@code lo = floor(v)}, {@code hi = lo + 1} (both clamped to the last element when {@code v ≥ n −
 * 1}); {@code t = v − lo}; result {@code a + (b − a)·t}, or {@code b − (b − a)·(1 − t)} when
 * {@code t ≥ 0.5} (numpy's {@code _lerp}).
 */
public final class Quantiles {

  private Quantiles() {}

  /**
   * @param sorted ascending values, length ≥ 1, finite
   * @param q quantile in [0, 1]
   * @return the quantile, in the values' units
   * @throws IllegalArgumentException if {@code sorted} is empty or {@code q} is outside [0, 1]
   */
  public static double linearSorted(double[] sorted, double q) {
    int n = sorted.length;
    if (n == 0) {
      throw new IllegalArgumentException("quantile of an empty array");
    }
    if (!(q >= 0.0 && q <= 1.0)) {
      throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
    }
    double v = (n - 1) * q;
    double lo = Math.floor(v);
    int i;
    int k;
    if (v >= n - 1) {
      i = n - 1;
      k = n - 1;
    } else {
      i = (int) lo;
      k = i + 1;
    }
    double t = v - lo;
    double a = sorted[i];
    double b = sorted[k];
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }
}
