package org.vla4j.policy.steps.tokenize;

import java.util.Arrays;

/**
 * The RT-2 / tutorial "uniform" action tokenizer (Brohan et al. 2023,
 * arXiv:2307.15818): per dimension j, {@code norm01 = clip((a − low[j]) / (high[j] − low[j]), 0, 1)}, token =
 * {@code round(norm01 · (B − 1))} ∈ 0..B−1; decode = {@code token / (B − 1) · (high[j] − low[j]) +
 * low[j]}, evaluated left to right in float64 as the Python reference is.
 *
 * <p>Rounding: Python's {@code round} rounds halves to even ({@code round(126.5) == 126}); this
 * class does the same with {@link Math#rint}, which differs from {@link Math#round} (half up) only
 * at exact halves.
 *
 * <p>Token ids here are bin indices 0..B−1 (no vocabulary offset). Decoding clips ids outside
 * 0..B−1 into the range and counts them. Element i of a flat (time-major) array uses the bounds of
 * dimension {@code i % D}. Immutable and thread-safe.
 */
public final class UniformActionTokenizer implements ActionTokenizer {

  private final int bins;
  private final double[] low;
  private final double[] high;
  private final double[] range;

  /**
   * @param bins B, number of tokens per dimension, ≥ 2
   * @param low {@code [D]} per-dimension lower bounds (env or normalized units, as trained)
   * @param high {@code [D]} per-dimension upper bounds, each {@code > low}
   * @throws IllegalArgumentException if sizes differ, a bound is non-finite or {@code high ≤ low}
   */
  public UniformActionTokenizer(int bins, double[] low, double[] high) {
    if (bins < 2) {
      throw new IllegalArgumentException("bins must be at least 2, got " + bins);
    }
    if (low.length != high.length || low.length == 0) {
      throw new IllegalArgumentException(
          "low has " + low.length + " dimensions and high has " + high.length
              + "; they must be equal and non-empty");
    }
    for (int j = 0; j < low.length; j++) {
      if (!Double.isFinite(low[j]) || !Double.isFinite(high[j]) || !(high[j] > low[j])) {
        throw new IllegalArgumentException(
            "dimension " + j + ": need finite low < high, got low=" + low[j] + " high=" + high[j]);
      }
    }
    this.bins = bins;
    this.low = low.clone();
    this.high = high.clone();
    this.range = new double[low.length];
    for (int j = 0; j < low.length; j++) {
      range[j] = high[j] - low[j];
    }
  }

  /** B, tokens per dimension. */
  public int bins() {
    return bins;
  }

  /** D, the action dimension the bounds describe. */
  public int dims() {
    return low.length;
  }

  /** Copy of the {@code [D]} lower bounds. */
  public double[] low() {
    return low.clone();
  }

  /** Copy of the {@code [D]} upper bounds. */
  public double[] high() {
    return high.clone();
  }

  @Override
  public String scheme() {
    return "uniform";
  }

  @Override
  public int minActionId() {
    return 0;
  }

  @Override
  public int maxActionId() {
    return bins - 1;
  }

  private void checkDims(int n) {
    if (n % low.length != 0) {
      throw new IllegalArgumentException(
          "got " + n + " values, not a whole number of " + low.length + "-dimensional actions");
    }
  }

  @Override
  public void encode(double[] actions, int[] ids) {
    ActionTokenizer.checkLengths(actions.length, ids.length);
    checkDims(actions.length);
    int d = low.length;
    double scale = bins - 1;
    for (int i = 0, j = 0; i < actions.length; i++, j = (j + 1 == d) ? 0 : j + 1) {
      double a = actions[i];
      ActionTokenizer.checkFinite(a, i);
      double n = (a - low[j]) / range[j];
      n = n < 0.0 ? 0.0 : (n > 1.0 ? 1.0 : n);
      ids[i] = (int) Math.rint(n * scale);
    }
  }

  @Override
  public int decode(int[] ids, double[] actions) {
    ActionTokenizer.checkLengths(ids.length, actions.length);
    checkDims(ids.length);
    int d = low.length;
    int max = bins - 1;
    int outside = 0;
    for (int i = 0, j = 0; i < ids.length; i++, j = (j + 1 == d) ? 0 : j + 1) {
      int t = ids[i];
      if (t < 0 || t > max) {
        outside++;
        t = t < 0 ? 0 : max;
      }
      actions[i] = (double) t / max * range[j] + low[j];
    }
    return outside;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UniformActionTokenizer u
        && u.bins == bins
        && Arrays.equals(u.low, low)
        && Arrays.equals(u.high, high);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * bins + Arrays.hashCode(low)) + Arrays.hashCode(high);
  }

  @Override
  public String toString() {
    return "UniformActionTokenizer[bins=" + bins + ", low=" + Arrays.toString(low) + ", high="
        + Arrays.toString(high) + "]";
  }
}
