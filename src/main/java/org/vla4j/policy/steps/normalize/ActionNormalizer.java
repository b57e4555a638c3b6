package org.vla4j.policy.steps.normalize;

/**
 * OpenVLA's {@code BOUNDS_Q99} action normalization and its inverse (Kim et al. 2024,
 * arXiv:2406.09246; Octo/dlimp {@code normalize_action_and_proprio}, OpenVLA {@code
 * predict_action}), float64, per dimension j with {@code lo = q01[j]}, {@code hi = q99[j]}:
 *
 * <ul>
 *   <li>normalize (training): masked dims → {@code clip(2·(x − lo) / (hi − lo + 1e-8) − 1, −1,
 *       1)}; unmasked dims pass through; then every dim with {@code min == max} becomes 0.
 *   <li>unnormalize (inference): masked dims → {@code 0.5·(a + 1)·(hi − lo) + lo}; unmasked dims
 *       pass through.
 * </ul>
 *
 * <p>Flat arrays {@code [K·D]} (a single action or a time-major action chunk) are supported;
 * element i uses dimension {@code i % D}. The hot-path methods do not allocate. Immutable and
 * thread-safe.
 */
public final class ActionNormalizer {

  /** The guard OpenVLA adds to the denominator. */
  public static final double EPS = 1e-8;

  private final int dims;
  private final double[] lo;
  private final double[] hi;
  private final double[] range;
  private final boolean[] masked;
  private final boolean[] constant;

  /** @param stats action statistics (q01, q99, min, max, mask) of the resolved unnorm_key */
  public ActionNormalizer(FeatureStatistics stats) {
    this.dims = stats.dims();
    this.lo = stats.q01();
    this.hi = stats.q99();
    this.range = new double[dims];
    this.masked = new boolean[dims];
    this.constant = new boolean[dims];
    double[] min = stats.min();
    double[] max = stats.max();
    for (int j = 0; j < dims; j++) {
      range[j] = hi[j] - lo[j];
      masked[j] = stats.normalizes(j);
      constant[j] = min[j] == max[j];
    }
  }

  /** D, the action dimension. */
  public int dims() {
    return dims;
  }

  private void check(int in, int out) {
    if (in != out) {
      throw new IllegalArgumentException("input has " + in + " values but output has " + out);
    }
    if (in % dims != 0) {
      throw new IllegalArgumentException(
          "got " + in + " values, not a whole number of " + dims + "-dimensional actions");
    }
  }

  /**
   * Env-unit actions → normalized [−1, 1] (training direction).
   *
   * @param x [K·D] actions in env units, finite
   * @param out [K·D] output (may be {@code x} itself)
   * @throws IllegalArgumentException on a length that is not a multiple of D, or a non-finite value
   */
  public void normalize(double[] x, double[] out) {
    check(x.length, out.length);
    for (int i = 0, j = 0; i < x.length; i++, j = (j + 1 == dims) ? 0 : j + 1) {
      double v = x[i];
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("action value at index " + i + " is " + v);
      }
      if (masked[j]) {
        v = 2 * (v - lo[j]) / (range[j] + EPS) - 1;
        v = v < -1.0 ? -1.0 : (v > 1.0 ? 1.0 : v);
      }
      out[i] = constant[j] ? 0.0 : v;
    }
  }

  /**
   * Normalized actions → env units (inference direction).
   *
   * @param a [K·D] normalized actions (normally in [−1, 1]; not clipped), finite
   * @param out [K·D] output in env units (may be {@code a} itself)
   * @throws IllegalArgumentException on a length that is not a multiple of D, or a non-finite value
   */
  public void unnormalize(double[] a, double[] out) {
    check(a.length, out.length);
    for (int i = 0, j = 0; i < a.length; i++, j = (j + 1 == dims) ? 0 : j + 1) {
      double v = a[i];
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("normalized action value at index " + i + " is " + v);
      }
      out[i] = masked[j] ? 0.5 * (v + 1) * range[j] + lo[j] : v;
    }
  }
}
