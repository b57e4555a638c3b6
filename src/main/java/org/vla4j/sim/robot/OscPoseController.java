package org.vla4j.sim.robot;

import org.vla4j.mujoco.MjData;

/**
 * Operational-space pose controller with robosuite's {@code OSC_POSE} semantics, the controller
 * LIBERO's data were recorded with (Khatib 1987; robosuite {@code OperationalSpaceController}).
 *
 * <p>Per control step ({@link #setGoal}): the 6 arm components of the action are clipped to
 * [−1, 1] and scaled by {@code outputMax} (0.05 m, 0.5 rad); the goal is
 * {@code p_goal = p_now + δp} and {@code R_goal = R(δr)·R_now}, with δr an axis-angle vector in
 * the world frame, both relative to the <em>measured</em> end-effector pose.
 *
 * <p>Per physics substep ({@link #computeTorques}), with J the 6×7 site Jacobian and M the arm's
 * 7×7 block of the joint-space inertia: Λ_pos = (J_p M⁻¹ J_pᵀ)⁺ and Λ_ori likewise
 * (position and orientation decoupled, robosuite's default); F = Λ_pos (kp e_p − kd v),
 * T = Λ_ori (kp e_r − kd ω) with e_r robosuite's {@code orientation_error}, kp = 150,
 * kd = 2√kp; τ = J_pᵀ F + J_rᵀ T + Nᵀ M (kp_null (q0 − q) − 2√kp_null q̇) + qfrc_bias, with
 * N = I − Jᵀ J̄ᵀ, J̄ = M⁻¹ Jᵀ Λ, kp_null = 10 and q0 the home posture; then clipped to the motors'
 * torque limits. Because the goal is re-anchored to the measured pose every control step, a
 * constant full action moves the hand by the critically-damped response to a 0.05 m step over
 * 0.05 s, about 1.5 cm per step in steady state, not by 0.05 m: this is robosuite's behaviour.
 *
 * <p>Known property of the home posture (robosuite's, q6 = π − 0.2): it sits 0.2 rad from the
 * wrist singularity where joints 5 and 7 align, so a roll about world x is slow and leaks into yaw
 * there; pitch and yaw track the ideal response closely.
 */
public final class OscPoseController {
  /** Position stiffness kp (1/s²), robosuite default 150. */
  public static final double KP = 150;
  /** Damping kd = 2√kp (critically damped, damping ratio 1). */
  public static final double KD = 2 * Math.sqrt(KP);
  /** Null-space joint stiffness, robosuite's {@code nullspace_torques} default 10. */
  public static final double KP_NULL = 10;
  /** Position scale of a unit action, metres per control step. */
  public static final double POS_SCALE = 0.05;
  /** Rotation scale of a unit action, radians per control step. */
  public static final double ROT_SCALE = 0.5;

  private static final int N = PandaRobot.ARM_DOF;
  private final PandaRobot robot;
  private final int nv;
  private final double[] goalPos = new double[3];
  private double[] goalMat = new double[9];
  private final double[] pos = new double[3], mat = new double[9];
  private final double[] jacp, jacr, fullM;
  private final double[] jp = new double[3 * N], jr = new double[3 * N], j6 = new double[6 * N];
  private final double[] m = new double[N * N], mInv = new double[N * N], work = new double[N * N];
  private final double[] tmp3x3 = new double[9], lamPos = new double[9], lamOri = new double[9];
  private final double[] lamFull = new double[36], tmp6x6 = new double[36];
  private final double[] q = new double[N], qd = new double[N], tau = new double[N];
  private final double[] oriErr = new double[3];
  // work arrays of computeTorques, reused every substep (25 per action)
  private final double[] v = new double[3], w = new double[3], f = new double[3], t = new double[3], fd = new double[3],
      td = new double[3];
  private final double[] postureAcc = new double[N], postureTau = new double[N], jtLam = new double[N];
  private final double[] jTau = new double[6], lamJTau = new double[6];

  public OscPoseController(PandaRobot robot, int nv) {
    this.robot = robot;
    this.nv = nv;
    this.jacp = new double[3 * nv];
    this.jacr = new double[3 * nv];
    this.fullM = new double[nv * nv];
  }

  /**
   * Sets the pose goal from the first 6 components of a normalized action; call once per control
   * step, after the physics state is current.
   *
   * @param action length ≥ 6, [dx, dy, dz, rx, ry, rz, ...] in [−1, 1] (clipped here)
   */
  public void setGoal(MjData d, double[] action) {
    d.sitePos(robot.gripSite(), pos);
    d.siteMat(robot.gripSite(), mat);
    for (int i = 0; i < 3; i++) goalPos[i] = pos[i] + POS_SCALE * clip(action[i]);
    double[] rot = Rotations.axisAngleToMat(ROT_SCALE * clip(action[3]), ROT_SCALE * clip(action[4]), ROT_SCALE * clip(action[5]));
    goalMat = Rotations.mul(rot, mat);
  }

  /** Current goal position (world frame, metres), a copy. */
  public double[] goalPosition() {
    return goalPos.clone();
  }

  /** Current goal orientation (row-major 3×3, world frame), a copy. */
  public double[] goalOrientation() {
    return goalMat.clone();
  }

  /**
   * Computes the arm torques for the current physics state and writes them to the 7 arm
   * actuators' controls (N·m, clipped to the torque limits).
   */
  public void computeTorques(MjData d) {
    int g = robot.gripSite();
    d.sitePos(g, pos);
    d.siteMat(g, mat);
    d.jacSite(g, jacp, jacr);
    d.fullMassMatrix(fullM);
    int[] dof = robot.armDof();
    for (int i = 0; i < N; i++) {
      q[i] = d.qpos(robot.armQpos()[i]);
      qd[i] = d.qvel(dof[i]);
      for (int r = 0; r < 3; r++) {
        jp[r * N + i] = jacp[r * nv + dof[i]];
        jr[r * N + i] = jacr[r * nv + dof[i]];
      }
      for (int j = 0; j < N; j++) m[i * N + j] = fullM[dof[i] * nv + dof[j]];
    }
    System.arraycopy(jp, 0, j6, 0, 3 * N);
    System.arraycopy(jr, 0, j6, 3 * N, 3 * N);
    SmallLinAlg.inverseSpd(m, N, mInv, work);

    lambda(jp, 3, tmp3x3, lamPos);
    lambda(jr, 3, tmp3x3, lamOri);
    lambda(j6, 6, tmp6x6, lamFull);

    // desired force and torque
    matVec(jp, 3, qd, v);
    matVec(jr, 3, qd, w);
    Rotations.orientationError(goalMat, mat, oriErr);
    for (int r = 0; r < 3; r++) {
      f[r] = KP * (goalPos[r] - pos[r]) - KD * v[r];
      t[r] = KP * oriErr[r] - KD * w[r];
    }
    symVec(lamPos, f, fd);
    symVec(lamOri, t, td);
    for (int i = 0; i < N; i++) {
      double s = 0;
      for (int r = 0; r < 3; r++) s += jp[r * N + i] * fd[r] + jr[r * N + i] * td[r];
      tau[i] = s;
    }

    // null-space posture torques toward the home configuration
    double kvNull = 2 * Math.sqrt(KP_NULL);
    for (int i = 0; i < N; i++) postureAcc[i] = KP_NULL * (PandaRobot.HOME_QPOS[i] - q[i]) - kvNull * qd[i];
    for (int i = 0; i < N; i++) {
      double s = 0;
      for (int j = 0; j < N; j++) s += m[i * N + j] * postureAcc[j];
      postureTau[i] = s;
    }
    // J̄ = M⁻¹ Jᵀ Λ (7×6); N = I − Jᵀ J̄ᵀ (7×7); τ_null = Nᵀ τ_posture = τ_p − J̄ J τ_p
    matVec(j6, 6, postureTau, jTau); // J τ_p (6)
    for (int r = 0; r < 6; r++) {
      double s = 0;
      for (int c = 0; c < 6; c++) s += lamFull[r * 6 + c] * jTau[c];
      lamJTau[r] = s;
    }
    for (int i = 0; i < N; i++) {
      double s = 0;
      for (int r = 0; r < 6; r++) s += j6[r * N + i] * lamJTau[r];
      jtLam[i] = s; // Jᵀ Λ J τ_p
    }
    for (int i = 0; i < N; i++) {
      double s = 0;
      for (int j = 0; j < N; j++) s += mInv[i * N + j] * jtLam[j];
      tau[i] += postureTau[i] - s;
    }

    for (int i = 0; i < N; i++) {
      double lim = robot.torqueLimits()[i];
      double u = tau[i] + d.qfrcBias(dof[i]);
      d.setCtrl(robot.armActuators()[i], Math.max(-lim, Math.min(lim, u)));
    }
  }

  /** out = pinv(J M⁻¹ Jᵀ) for a k×7 Jacobian. */
  private void lambda(double[] j, int k, double[] tmp, double[] out) {
    for (int r = 0; r < k; r++) {
      for (int c = 0; c < k; c++) {
        double s = 0;
        for (int a = 0; a < N; a++) {
          double ja = 0;
          for (int b = 0; b < N; b++) ja += mInv[a * N + b] * j[c * N + b];
          s += j[r * N + a] * ja;
        }
        tmp[r * k + c] = s;
      }
    }
    SmallLinAlg.pinvSymmetric(tmp, k, 1e-15, out);
  }

  /** y = A x for a rows×7 matrix. */
  private static void matVec(double[] a, int rows, double[] x, double[] y) {
    for (int r = 0; r < rows; r++) {
      double s = 0;
      for (int c = 0; c < N; c++) s += a[r * N + c] * x[c];
      y[r] = s;
    }
  }

  /** y = A x for a 3×3 matrix. */
  private static void symVec(double[] a3, double[] x, double[] y) {
    for (int r = 0; r < 3; r++) y[r] = a3[r * 3] * x[0] + a3[r * 3 + 1] * x[1] + a3[r * 3 + 2] * x[2];
  }

  static double clip(double a) {
    return Double.isNaN(a) ? a : Math.max(-1, Math.min(1, a));
  }
}
