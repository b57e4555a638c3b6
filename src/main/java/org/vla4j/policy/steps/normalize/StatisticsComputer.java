package org.vla4j.policy.steps.normalize;

import java.util.Arrays;
import java.util.List;

/**
 * Computes normalization statistics from trajectories the way OpenVLA/Octo's {@code
 * get_dataset_statistics} does (arXiv:2406.09246): all transitions concatenated, then per
 * dimension {@code mean}, {@code std} (population, ddof = 0), {@code min}, {@code max}, and {@code
 * q01}/{@code q99} with numpy's default ({@code method="linear"}) quantiles.
 *
 * <p>Arithmetic is float64 and follows numpy's order for a reduction over axis 0 of a C-ordered
 * {@code [N, D]} array: sums accumulate row by row, mean = sum / N, variance = Σ(x − mean)² / N.
 * OpenVLA itself computed over float32 arrays, so its files can differ from these in the last
 * float32 digits; the layout and the method are the same.
 */
public final class StatisticsComputer {

  private StatisticsComputer() {}

  /**
   * Statistics of a set of trajectories.
   *
   * @param trajectories at least one; all actions of the same dimension D; proprio either present
   *     in every trajectory (same dimension P) or in none
   * @param actionMask [D] mask to store with the action statistics ({@code null} for none; LIBERO
   *     end-effector-delta data uses {@code [true ×6, false]})
   * @return the dataset's statistics with transition and trajectory counts
   * @throws IllegalArgumentException on empty input, ragged dimensions, non-finite values or a
   *     mask of the wrong length
   */
  public static DatasetStatistics compute(List<Trajectory> trajectories, boolean[] actionMask) {
    if (trajectories.isEmpty()) {
      throw new IllegalArgumentException("no trajectories to compute statistics from");
    }
    double[][] actions = concat(trajectories, true);
    boolean anyProprio = trajectories.stream().anyMatch(t -> t.proprio() != null);
    boolean allProprio = trajectories.stream().allMatch(t -> t.proprio() != null);
    if (anyProprio && !allProprio) {
      throw new IllegalArgumentException("proprio is present in some trajectories but not in all");
    }
    FeatureStatistics action = of("action", actions, actionMask);
    FeatureStatistics proprio = allProprio ? of("proprio", concat(trajectories, false), null) : null;
    return new DatasetStatistics(action, proprio, actions.length, trajectories.size());
  }

  private static double[][] concat(List<Trajectory> ts, boolean actions) {
    int n = 0;
    for (Trajectory t : ts) {
      n += (actions ? t.actions() : t.proprio()).length;
    }
    if (n == 0) {
      throw new IllegalArgumentException((actions ? "actions" : "proprio") + " are empty");
    }
    double[][] out = new double[n][];
    int i = 0;
    for (Trajectory t : ts) {
      for (double[] row : actions ? t.actions() : t.proprio()) {
        out[i++] = row;
      }
    }
    return out;
  }

  /**
   * Statistics of one feature given as rows {@code [N, D]}.
   *
   * @param name feature name used in error messages
   * @throws IllegalArgumentException on ragged rows or non-finite values
   */
  public static FeatureStatistics of(String name, double[][] rows, boolean[] mask) {
    int n = rows.length;
    int d = rows[0].length;
    if (d == 0) {
      throw new IllegalArgumentException(name + " rows are empty");
    }
    double[] sum = new double[d];
    double[] min = new double[d];
    double[] max = new double[d];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < n; i++) {
      double[] r = rows[i];
      if (r.length != d) {
        throw new IllegalArgumentException(
            name + " row " + i + " has " + r.length + " dimensions, expected " + d);
      }
      for (int j = 0; j < d; j++) {
        double x = r[j];
        if (!Double.isFinite(x)) {
          throw new IllegalArgumentException(name + " row " + i + " dimension " + j + " is " + x);
        }
        sum[j] += x;
        min[j] = Math.min(min[j], x);
        max[j] = Math.max(max[j], x);
      }
    }
    double[] mean = new double[d];
    for (int j = 0; j < d; j++) {
      mean[j] = sum[j] / n;
    }
    double[] sq = new double[d];
    for (double[] r : rows) {
      for (int j = 0; j < d; j++) {
        double c = r[j] - mean[j];
        sq[j] += c * c;
      }
    }
    double[] std = new double[d];
    double[] q01 = new double[d];
    double[] q99 = new double[d];
    double[] col = new double[n];
    for (int j = 0; j < d; j++) {
      std[j] = Math.sqrt(sq[j] / n);
      for (int i = 0; i < n; i++) {
        col[i] = rows[i][j];
      }
      Arrays.sort(col);
      q01[j] = Quantiles.linearSorted(col, 0.01);
      q99[j] = Quantiles.linearSorted(col, 0.99);
    }
    return new FeatureStatistics(mean, std, max, min, q01, q99, mask);
  }
}
