package org.vla4j.sim.libero.env;

import org.vla4j.mujoco.MjData;
import org.vla4j.mujoco.MjModel;
import org.vla4j.mujoco.MjObj;

/**
 * robosuite 1.4.1's {@code OSC_POSE} controller as LIBERO configures it ({@code controllers/osc.py},
 * {@code controllers/config/osc_pose.json}, {@code utils/control_utils.py}): delta input clipped to ±1 and
 * scaled to ±0.05 m / ±0.5 rad; kp 150, kd = 2√kp; decoupled position and orientation
 * ({@code uncoupling}); no interpolation; null-space posture toward the initial joints with joint kp 10,
 * kv 2√10; gravity and Coriolis compensation {@code qfrc_bias}, read live at every
 * substep (robosuite's {@code torque_compensation} property), not from the cached update. The goal position is set on the first
 * substep of an env step as {@code ee_pos + Δp}; the goal orientation changes only when some rotation
 * component is non-zero ({@code R(δ)·R_now}), otherwise it keeps its previous value — after
 * {@link #reset} the orientation at reset.
 *
 * <p>All matrices are row-major. Inverses use Gauss–Jordan elimination with partial pivoting where
 * robosuite calls {@code np.linalg.inv} and {@code np.linalg.pinv} (the same for the full-rank matrices
 * met here; results agree with numpy to rounding, not bit for bit).
 */
public final class RobosuiteOsc {
  /** Position and orientation stiffness. */
  public static final double KP = 150;
  /** Damping, damping ratio 1. */
  public static final double KD = 2 * Math.sqrt(KP);
  /** Null-space joint stiffness. */
  public static final double KP_NULL = 10;
  /** Output scale of a unit position command, metres. */
  public static final double POS_MAX = 0.05;
  /** Output scale of a unit rotation command, radians. */
  public static final double ROT_MAX = 0.5;
  private static final int N = 7;

  private final MjModel model;
  private final int site;
  private final int nv;
  private final int[] qposIdx = new int[N];
  private final int[] dofIdx = new int[N];
  private final double[] initialJoint;
  private final double[] torqueLo = new double[N];
  private final double[] torqueHi = new double[N];
  private final double[] goalPos = new double[3];
  private final double[] goalOri = new double[9];

  /**
   * A controller for the Panda of a LIBERO scene.
   *
   * @param initialJoint the null-space posture, 7 radians (robosuite: the robot's {@code init_qpos})
   */
  public RobosuiteOsc(MjModel model, double[] initialJoint) {
    this.model = model;
    this.site = model.id(MjObj.SITE, "gripper0_grip_site");
    this.nv = model.nv();
    this.initialJoint = initialJoint.clone();
    this.jacpAll = new double[3 * nv];
    this.jacrAll = new double[3 * nv];
    this.qvel = new double[nv];
    this.full = new double[nv * nv];
    for (int i = 0; i < N; i++) {
      int j = model.id(MjObj.JOINT, "robot0_joint" + (i + 1));
      qposIdx[i] = model.jointQposAddress(j);
      dofIdx[i] = model.jointDofAddress(j);
      double[] r = model.actuatorCtrlRange(model.id(MjObj.ACTUATOR, "robot0_torq_j" + (i + 1)));
      torqueLo[i] = r[0];
      torqueHi[i] = r[1];
    }
  }

  // the controller's view of the robot, refreshed by update() only when newUpdate is set (robosuite's
  // Controller.update: a set_goal right after reset or set_init_state sees the state of the last update)
  private boolean newUpdate = true;
  private final double[] eePos = new double[3];
  private final double[] eeMat = new double[9];
  private final double[] eeVelP = new double[3];
  private final double[] eeVelR = new double[3];
  private final double[] jp = new double[3 * N];
  private final double[] jr = new double[3 * N];
  private final double[] mass = new double[N * N];
  private final double[] q = new double[N];
  private final double[] qd = new double[N];
  // scratch for update(), reused on every substep
  private final double[] jacpAll;
  private final double[] jacrAll;
  private final double[] qvel;
  private final double[] full;
  // scratch for torques()
  private final double[] force = new double[3];
  private final double[] torque = new double[3];
  private final double[] jFull = new double[6 * N];
  private final double[] mInvJt = new double[N * 6];
  private final double[] jbar = new double[N * 6];
  private final double[] nullspace = new double[N * N];
  private final double[] wrench = new double[6];
  private final double[] f = new double[3];
  private final double[] t = new double[3];
  private final double[] acc = new double[N];
  private final double[] pose = new double[N];
  private final double[] ns = new double[N];

  /**
   * Controller reset (robosuite {@code Robot.reset}: a fresh controller, {@code update(force=True)},
   * {@code reset_goal}): the cached state and the goal become the current end-effector pose. {@code d}'s
   * position and velocity stages must be current ({@code mj_forward} after the state was set).
   */
  public void reset(MjData d) {
    update(d, true);
    System.arraycopy(eePos, 0, goalPos, 0, 3);
    System.arraycopy(eeMat, 0, goalOri, 0, 9);
    newUpdate = false;
  }

  /**
   * {@code Controller.update}: re-reads pose, velocities, Jacobians and mass matrix if flagged or forced.
   * robosuite's update calls {@code sim.forward()} first; here the caller has already made the position and
   * velocity stages current ({@code mj_forward} or {@code mj_step1} on this state), and a second
   * {@code mj_forward} on the same state recomputes the same numbers, so it is not repeated.
   */
  void update(MjData d, boolean force) {
    if (!newUpdate && !force) return;
    d.sitePos(site, eePos);
    d.siteMat(site, eeMat);
    d.jacSite(site, jacpAll, jacrAll);
    d.qvel(qvel);
    for (int r = 0; r < 3; r++) {
      eeVelP[r] = 0;
      eeVelR[r] = 0;
      for (int k = 0; k < nv; k++) {
        eeVelP[r] += jacpAll[r * nv + k] * qvel[k];
        eeVelR[r] += jacrAll[r * nv + k] * qvel[k];
      }
      for (int c = 0; c < N; c++) {
        jp[r * N + c] = jacpAll[r * nv + dofIdx[c]];
        jr[r * N + c] = jacrAll[r * nv + dofIdx[c]];
      }
    }
    d.fullMassMatrix(full);
    for (int r = 0; r < N; r++) for (int c = 0; c < N; c++) mass[r * N + c] = full[dofIdx[r] * nv + dofIdx[c]];
    for (int i = 0; i < N; i++) {
      q[i] = d.qpos(qposIdx[i]);
      qd[i] = qvel[dofIdx[i]];
    }
    newUpdate = false;
  }

  /**
   * {@code set_goal}: called on the first substep of an env step, after {@code mj_step1} (or
   * {@code mj_forward}) on the current state.
   *
   * @param action the 6 arm components {@code [dx, dy, dz, rx, ry, rz]} in [−1, 1] (clipped)
   */
  public void setGoal(MjData d, double[] action) {
    update(d, false);
    double[] delta = new double[6];
    for (int i = 0; i < 6; i++) delta[i] = Math.max(-1, Math.min(1, action[i])) * (i < 3 ? POS_MAX : ROT_MAX);
    boolean rotates = false;
    for (int i = 3; i < 6; i++) if (!isClose(delta[i], 0.0)) rotates = true;
    if (rotates) {
      double[] rot = axisAngleToMat(delta[3], delta[4], delta[5]);
      mul(rot, 3, 3, eeMat, 3, goalOri);
    }
    for (int i = 0; i < 3; i++) goalPos[i] = eePos[i] + delta[i];
  }

  /** Python's {@code math.isclose(a, b)} with its defaults (rel 1e-9, abs 0). */
  private static boolean isClose(double a, double b) {
    return a == b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  }

  /** The goal position, metres (world). */
  public double[] goalPosition() {
    return goalPos.clone();
  }

  /** The goal orientation, row-major 3×3 (world). */
  public double[] goalOrientation() {
    return goalOri.clone();
  }

  /**
   * {@code run_controller} then {@code Robot.control}'s clip: the 7 arm torques (N·m). Leaves the
   * controller flagged for a fresh update on the next call. Call it after {@code mj_step1} (or
   * {@code mj_forward}) on the current state, as robosuite calls {@code sim.forward()} first.
   */
  public double[] torques(MjData d) {
    update(d, false);
    double[] oriErr = orientationError(goalOri, eeMat);
    for (int i = 0; i < 3; i++) {
      force[i] = (goalPos[i] - eePos[i]) * KP + (-eeVelP[i]) * KD;
      torque[i] = oriErr[i] * KP + (-eeVelR[i]) * KD;
    }
    // opspace_matrices (products with a transposed factor index it in place: same sums in the same order)
    double[] mInv = inverse(mass, N);
    System.arraycopy(jp, 0, jFull, 0, 3 * N);
    System.arraycopy(jr, 0, jFull, 3 * N, 3 * N);
    double[] lamFull = inverse(sandwich(jFull, 6, mInv), 6);
    double[] lamPos = inverse(sandwich(jp, 3, mInv), 3);
    double[] lamOri = inverse(sandwich(jr, 3, mInv), 3);
    mul(mulTransposed(mInv, N, N, jFull, 6, mInvJt), N, 6, lamFull, 6, jbar);
    mul(jbar, N, 6, jFull, N, nullspace);
    for (int i = 0; i < N * N; i++) nullspace[i] = (i % (N + 1) == 0 ? 1 : 0) - nullspace[i];
    mul(lamPos, 3, 3, force, 1, f);
    mul(lamOri, 3, 3, torque, 1, t);
    System.arraycopy(f, 0, wrench, 0, 3);
    System.arraycopy(t, 0, wrench, 3, 3);
    double[] tau = new double[N];
    transposedTimes(jFull, 6, N, wrench, tau);
    // torque_compensation is a property read live (sim.data.qfrc_bias), not part of the cached update:
    // on the first substep after reset/set_init_state the cached pose is stale but the bias is current
    for (int i = 0; i < N; i++) tau[i] += d.qfrcBias(dofIdx[i]);
    // nullspace_torques
    double kv = Math.sqrt(KP_NULL) * 2;
    for (int i = 0; i < N; i++) acc[i] = KP_NULL * (initialJoint[i] - q[i]) - kv * qd[i];
    mul(mass, N, N, acc, 1, pose);
    transposedTimes(nullspace, N, N, pose, ns);
    for (int i = 0; i < N; i++) tau[i] = Math.max(torqueLo[i], Math.min(torqueHi[i], tau[i] + ns[i]));
    newUpdate = true;
    return tau;
  }

  /** {@code control_utils.orientation_error}: ½ Σ current_col_i × desired_col_i. */
  static double[] orientationError(double[] desired, double[] current) {
    double[] e = new double[3];
    for (int c = 0; c < 3; c++) {
      double[] rc = {current[c], current[3 + c], current[6 + c]};
      double[] rd = {desired[c], desired[3 + c], desired[6 + c]};
      e[0] += rc[1] * rd[2] - rc[2] * rd[1];
      e[1] += rc[2] * rd[0] - rc[0] * rd[2];
      e[2] += rc[0] * rd[1] - rc[1] * rd[0];
    }
    for (int i = 0; i < 3; i++) e[i] *= 0.5;
    return e;
  }

  /**
   * robosuite {@code axisangle2quat} then {@code quat2mat} (row-major). robosuite's {@code quat2mat} copies
   * the quaternion to float32 and computes in float32 (NumPy 2 promotion rules), so the matrix carries
   * float32 rounding; this reproduces that.
   */
  static double[] axisAngleToMat(double x, double y, double z) {
    double angle = Math.sqrt(x * x + y * y + z * z);
    if (isClose(angle, 0.0)) return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
    double s = Math.sin(angle / 2.0);
    float[] q = {(float) Math.cos(angle / 2.0), (float) (x / angle * s), (float) (y / angle * s), (float) (z / angle * s)};
    float n = q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3];
    float k = (float) Math.sqrt(2.0f / n);
    for (int i = 0; i < 4; i++) q[i] = q[i] * k;
    float[][] o = new float[4][4];
    for (int a = 0; a < 4; a++) for (int b = 0; b < 4; b++) o[a][b] = q[a] * q[b];
    float[] m = {
        1.0f - o[2][2] - o[3][3], o[1][2] - o[3][0], o[1][3] + o[2][0],
        o[1][2] + o[3][0], 1.0f - o[1][1] - o[3][3], o[2][3] - o[1][0],
        o[1][3] - o[2][0], o[2][3] + o[1][0], 1.0f - o[1][1] - o[2][2]};
    double[] out = new double[9];
    for (int i = 0; i < 9; i++) out[i] = m[i];
    return out;
  }

  private static double[] sandwich(double[] j, int rows, double[] mInv) {
    double[] jm = mul(j, rows, N, mInv, N, new double[rows * N]);
    return mulTransposed(jm, rows, N, j, rows, new double[rows * rows]);
  }

  /** {@code a · bᵀ}, a {@code ar×ac}, b {@code br×ac}: {@code mul(a, ar, ac, transpose(b, br, ac), br, out)} without the copy. */
  static double[] mulTransposed(double[] a, int ar, int ac, double[] b, int br, double[] out) {
    for (int i = 0; i < ar; i++) {
      for (int j = 0; j < br; j++) {
        double s = 0;
        for (int k = 0; k < ac; k++) s += a[i * ac + k] * b[j * ac + k];
        out[i * br + j] = s;
      }
    }
    return out;
  }

  /** {@code aᵀ · v}, a {@code ar×ac}, v of length ar: {@code mul(transpose(a, ar, ac), ac, ar, v, 1, out)} without the copy. */
  static double[] transposedTimes(double[] a, int ar, int ac, double[] v, double[] out) {
    for (int i = 0; i < ac; i++) {
      double s = 0;
      for (int k = 0; k < ar; k++) s += a[k * ac + i] * v[k];
      out[i] = s;
    }
    return out;
  }

  static double[] mul(double[] a, int ar, int ac, double[] b, int bc, double[] out) {
    for (int i = 0; i < ar; i++) {
      for (int j = 0; j < bc; j++) {
        double s = 0;
        for (int k = 0; k < ac; k++) s += a[i * ac + k] * b[k * bc + j];
        out[i * bc + j] = s;
      }
    }
    return out;
  }

  /** Gauss–Jordan inverse with partial pivoting; throws if singular. */
  static double[] inverse(double[] a, int n) {
    double[] m = a.clone();
    double[] inv = new double[n * n];
    for (int i = 0; i < n; i++) inv[i * n + i] = 1;
    for (int col = 0; col < n; col++) {
      int piv = col;
      for (int r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]) > Math.abs(m[piv * n + col])) piv = r;
      if (m[piv * n + col] == 0) throw new ArithmeticException("singular " + n + "×" + n + " matrix in OSC");
      if (piv != col) {
        for (int k = 0; k < n; k++) {
          double t = m[col * n + k]; m[col * n + k] = m[piv * n + k]; m[piv * n + k] = t;
          t = inv[col * n + k]; inv[col * n + k] = inv[piv * n + k]; inv[piv * n + k] = t;
        }
      }
      double p = m[col * n + col];
      for (int k = 0; k < n; k++) {
        m[col * n + k] /= p;
        inv[col * n + k] /= p;
      }
      for (int r = 0; r < n; r++) {
        if (r == col) continue;
        double f = m[r * n + col];
        if (f == 0) continue;
        for (int k = 0; k < n; k++) {
          m[r * n + k] -= f * m[col * n + k];
          inv[r * n + k] -= f * inv[col * n + k];
        }
      }
    }
    return inv;
  }
}
