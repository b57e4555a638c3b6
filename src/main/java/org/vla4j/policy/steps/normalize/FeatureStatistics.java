package org.vla4j.policy.steps.normalize;

import java.util.Arrays;

/**
 * Per-dimension normalization statistics of one feature (action or proprio) of one dataset, as in
 * OpenVLA's {@code dataset_statistics.json} (Kim et al. 2024, arXiv:2406.09246; Octo/dlimp
 * layout): {@code mean, std, max, min, q01, q99}, each {@code [D]} float64 in the feature's own
 * units, plus an optional {@code [D]} {@code mask} (true = the dimension is normalized; OpenVLA's
 * LIBERO datasets use {@code [true ×6, false]} so the gripper passes through). A missing mask
 * means all true.
 *
 * <p>Arrays are copied on the way in and out; the record is immutable. {@code equals} compares
 * contents.
 *
 * @param mean [D] mean
 * @param std [D] population standard deviation (numpy {@code ddof=0})
 * @param max [D] maximum
 * @param min [D] minimum
 * @param q01 [D] 1st percentile (numpy default linear interpolation)
 * @param q99 [D] 99th percentile
 * @param mask [D] normalize-this-dimension flags, or {@code null} when absent (= all true)
 */
public record FeatureStatistics(
    double[] mean, double[] std, double[] max, double[] min, double[] q01, double[] q99, boolean[] mask) {

  /**
   * @throws IllegalArgumentException if the arrays are missing, empty or of different lengths
   */
  public FeatureStatistics {
    int d = requireArray("mean", mean, -1);
    requireArray("std", std, d);
    requireArray("max", max, d);
    requireArray("min", min, d);
    requireArray("q01", q01, d);
    requireArray("q99", q99, d);
    if (mask != null && mask.length != d) {
      throw new IllegalArgumentException("mask has " + mask.length + " entries, expected " + d);
    }
    mean = mean.clone();
    std = std.clone();
    max = max.clone();
    min = min.clone();
    q01 = q01.clone();
    q99 = q99.clone();
    mask = mask == null ? null : mask.clone();
  }

  private static int requireArray(String name, double[] a, int expected) {
    if (a == null || a.length == 0) {
      throw new IllegalArgumentException("statistics field '" + name + "' is missing or empty");
    }
    if (expected >= 0 && a.length != expected) {
      throw new IllegalArgumentException(
          "statistics field '" + name + "' has " + a.length + " entries, expected " + expected);
    }
    return a.length;
  }

  /** D, the feature's dimension. */
  public int dims() {
    return mean.length;
  }

  /** Whether dimension {@code j} is normalized (true when no mask is stored). */
  public boolean normalizes(int j) {
    return mask == null || mask[j];
  }

  /** Copy of the mean. */
  @Override
  public double[] mean() {
    return mean.clone();
  }

  /** Copy of the standard deviation. */
  @Override
  public double[] std() {
    return std.clone();
  }

  /** Copy of the maximum. */
  @Override
  public double[] max() {
    return max.clone();
  }

  /** Copy of the minimum. */
  @Override
  public double[] min() {
    return min.clone();
  }

  /** Copy of the 1st percentile. */
  @Override
  public double[] q01() {
    return q01.clone();
  }

  /** Copy of the 99th percentile. */
  @Override
  public double[] q99() {
    return q99.clone();
  }

  /** Copy of the mask, or {@code null} when none is stored. */
  @Override
  public boolean[] mask() {
    return mask == null ? null : mask.clone();
  }

  /** The same statistics with another mask ({@code null} removes it). */
  public FeatureStatistics withMask(boolean[] newMask) {
    return new FeatureStatistics(mean, std, max, min, q01, q99, newMask);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureStatistics f
        && Arrays.equals(f.mean, mean)
        && Arrays.equals(f.std, std)
        && Arrays.equals(f.max, max)
        && Arrays.equals(f.min, min)
        && Arrays.equals(f.q01, q01)
        && Arrays.equals(f.q99, q99)
        && Arrays.equals(f.mask, mask);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(mean) * 31 + Arrays.hashCode(q99) * 17 + Arrays.hashCode(mask);
  }

  @Override
  public String toString() {
    return "FeatureStatistics[dims=" + dims() + ", q01=" + Arrays.toString(q01) + ", q99="
        + Arrays.toString(q99) + ", mask=" + Arrays.toString(mask) + "]";
  }
}
