package org.vla4j.sim.robot;

/**
 * Rotation conversions in the conventions robosuite/LIBERO use. Matrices are 3×3 row-major
 * {@code double[9]}; MuJoCo quaternions are (w, x, y, z); observation quaternions are (x, y, z, w)
 * as robosuite reports {@code robot0_eef_quat}; axis-angle vectors are axis·angle (radians).
 */
public final class Rotations {
  private Rotations() {}

  /** Rotation matrix of an axis-angle vector (Rodrigues). A zero vector gives the identity. */
  public static double[] axisAngleToMat(double rx, double ry, double rz) {
    double angle = Math.sqrt(rx * rx + ry * ry + rz * rz);
    double[] m = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    if (angle < 1e-12) return m;
    double x = rx / angle, y = ry / angle, z = rz / angle;
    double c = StrictMath.cos(angle), s = StrictMath.sin(angle), t = 1 - c;
    m[0] = t * x * x + c;     m[1] = t * x * y - s * z; m[2] = t * x * z + s * y;
    m[3] = t * x * y + s * z; m[4] = t * y * y + c;     m[5] = t * y * z - s * x;
    m[6] = t * x * z - s * y; m[7] = t * y * z + s * x; m[8] = t * z * z + c;
    return m;
  }

  /**
   * Axis-angle vector of a rotation matrix, angle in [0, π]. Near π the axis is taken from the
   * matrix's symmetric part so the result stays accurate.
   */
  public static double[] matToAxisAngle(double[] m) {
    return quatToAxisAngle(matToQuat(m));
  }

  /** Quaternion (w, x, y, z), w ≥ 0, of a rotation matrix (Shepperd's method). */
  public static double[] matToQuat(double[] m) {
    double tr = m[0] + m[4] + m[8];
    double w, x, y, z;
    if (tr > 0) {
      double s = Math.sqrt(tr + 1.0) * 2;
      w = 0.25 * s; x = (m[7] - m[5]) / s; y = (m[2] - m[6]) / s; z = (m[3] - m[1]) / s;
    } else if (m[0] > m[4] && m[0] > m[8]) {
      double s = Math.sqrt(1.0 + m[0] - m[4] - m[8]) * 2;
      w = (m[7] - m[5]) / s; x = 0.25 * s; y = (m[1] + m[3]) / s; z = (m[2] + m[6]) / s;
    } else if (m[4] > m[8]) {
      double s = Math.sqrt(1.0 + m[4] - m[0] - m[8]) * 2;
      w = (m[2] - m[6]) / s; x = (m[1] + m[3]) / s; y = 0.25 * s; z = (m[5] + m[7]) / s;
    } else {
      double s = Math.sqrt(1.0 + m[8] - m[0] - m[4]) * 2;
      w = (m[3] - m[1]) / s; x = (m[2] + m[6]) / s; y = (m[5] + m[7]) / s; z = 0.25 * s;
    }
    double n = Math.sqrt(w * w + x * x + y * y + z * z);
    if (w < 0) n = -n;
    return new double[] {w / n, x / n, y / n, z / n};
  }

  /**
   * Axis-angle vector of a quaternion (w, x, y, z), as robosuite's {@code quat2axisangle}: the
   * angle is 2·acos(w) for w clipped to [−1, 1]; the identity gives zeros.
   */
  public static double[] quatToAxisAngle(double[] wxyz) {
    double w = Math.max(-1, Math.min(1, wxyz[0]));
    double den = Math.sqrt(1.0 - w * w);
    if (den < 1e-12) return new double[3];
    double angle = 2.0 * StrictMath.acos(w);
    return new double[] {wxyz[1] * angle / den, wxyz[2] * angle / den, wxyz[3] * angle / den};
  }

  /** c = a·b for 3×3 row-major matrices. */
  public static double[] mul(double[] a, double[] b) {
    double[] c = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        c[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
      }
    }
    return c;
  }

  /** Transpose of a 3×3 row-major matrix. */
  public static double[] transpose(double[] a) {
    return new double[] {a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]};
  }

  /**
   * robosuite's {@code orientation_error(desired, current)}: 0.5·Σ_i current_i × desired_i over the
   * matrices' columns, a world-frame rotation vector that is ≈ the axis-angle from current to desired
   * for small errors. Writes 3 numbers into {@code out}.
   */
  public static void orientationError(double[] desired, double[] current, double[] out) {
    out[0] = out[1] = out[2] = 0;
    for (int col = 0; col < 3; col++) {
      double cx = current[col], cy = current[3 + col], cz = current[6 + col];
      double dx = desired[col], dy = desired[3 + col], dz = desired[6 + col];
      out[0] += 0.5 * (cy * dz - cz * dy);
      out[1] += 0.5 * (cz * dx - cx * dz);
      out[2] += 0.5 * (cx * dy - cy * dx);
    }
  }

  /** Rotation angle in radians (0..π) of {@code a}ᵀ·{@code b}, the relative rotation between two frames. */
  public static double angleBetween(double[] a, double[] b) {
    double[] r = mul(transpose(a), b);
    double c = (r[0] + r[4] + r[8] - 1) / 2;
    return StrictMath.acos(Math.max(-1, Math.min(1, c)));
  }
}
