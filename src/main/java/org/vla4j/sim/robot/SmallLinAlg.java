package org.vla4j.sim.robot;

/**
 * Dense linear algebra for the controller's small matrices (at most 7×7), row-major
 * {@code double[n·n]}. Allocation-free where the caller passes work arrays; deterministic.
 */
final class SmallLinAlg {
  private SmallLinAlg() {}

  /**
   * Inverse of a symmetric positive-definite matrix by Cholesky factorization.
   *
   * @throws IllegalStateException if the matrix is not positive definite
   */
  static void inverseSpd(double[] a, int n, double[] out, double[] work) {
    // work holds L (lower triangle), n·n
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i * n + j];
        for (int k = 0; k < j; k++) s -= work[i * n + k] * work[j * n + k];
        if (i == j) {
          if (s <= 0) throw new IllegalStateException("matrix is not positive definite");
          work[i * n + i] = Math.sqrt(s);
        } else {
          work[i * n + j] = s / work[j * n + j];
        }
      }
    }
    // out = (L Lᵀ)⁻¹, column by column: solve L y = e_c, then Lᵀ x = y
    for (int c = 0; c < n; c++) {
      for (int i = 0; i < n; i++) {
        double s = i == c ? 1 : 0;
        for (int k = 0; k < i; k++) s -= work[i * n + k] * out[k * n + c];
        out[i * n + c] = s / work[i * n + i];
      }
      for (int i = n - 1; i >= 0; i--) {
        double s = out[i * n + c];
        for (int k = i + 1; k < n; k++) s -= work[k * n + i] * out[k * n + c];
        out[i * n + c] = s / work[i * n + i];
      }
    }
  }

  /**
   * Pseudo-inverse of a symmetric matrix by Jacobi eigen-decomposition, eigenvalues below
   * {@code rcond·max|λ|} treated as zero (numpy's {@code pinv} rule, which robosuite uses for Λ).
   */
  static void pinvSymmetric(double[] a, int n, double rcond, double[] out) {
    double[] m = a.clone();
    double[] v = new double[n * n];
    for (int i = 0; i < n; i++) v[i * n + i] = 1;
    for (int sweep = 0; sweep < 50; sweep++) {
      double off = 0;
      for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += m[p * n + q] * m[p * n + q];
      if (off < 1e-30) break;
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          double apq = m[p * n + q];
          if (Math.abs(apq) < 1e-300) continue;
          double theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) t = 1;
          double c = 1 / Math.sqrt(t * t + 1), s = t * c;
          for (int k = 0; k < n; k++) {
            double mkp = m[k * n + p], mkq = m[k * n + q];
            m[k * n + p] = c * mkp - s * mkq;
            m[k * n + q] = s * mkp + c * mkq;
          }
          for (int k = 0; k < n; k++) {
            double mpk = m[p * n + k], mqk = m[q * n + k];
            m[p * n + k] = c * mpk - s * mqk;
            m[q * n + k] = s * mpk + c * mqk;
          }
          for (int k = 0; k < n; k++) {
            double vkp = v[k * n + p], vkq = v[k * n + q];
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
          }
        }
      }
    }
    double max = 0;
    for (int i = 0; i < n; i++) max = Math.max(max, Math.abs(m[i * n + i]));
    double cut = rcond * max;
    java.util.Arrays.fill(out, 0, n * n, 0);
    for (int e = 0; e < n; e++) {
      double lambda = m[e * n + e];
      if (Math.abs(lambda) <= cut) continue;
      double inv = 1 / lambda;
      for (int i = 0; i < n; i++) {
        double vi = v[i * n + e] * inv;
        for (int j = 0; j < n; j++) out[i * n + j] += vi * v[j * n + e];
      }
    }
  }
}
