package org.vla4j.mujoco;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The simulation state of one {@link MjModel} ({@code mjData}): positions, velocities, controls,
 * derived poses and contacts, plus the functions that advance it ({@code mj_step},
 * {@code mj_forward}) and read its Jacobians and mass matrix.
 *
 * <p>Not thread-safe: one thread uses one MjData at a time (each rollout worker owns its own).
 * Poses: positions in metres (world frame), quaternions w-x-y-z as MuJoCo stores them, rotation
 * matrices 3×3 row-major. Getters copy into caller arrays to keep the per-step loop allocation-free.
 */
public final class MjData implements AutoCloseable {
  private final MjModel model;
  final MemorySegment ptr;
  private final Arena scratchArena = Arena.ofShared();
  private final int nq, nv, nu, nbody, nsite, ngeom, nmocap;
  private final MemorySegment qpos, qvel, ctrl, qacc, qfrcBias, qfrcApplied, xpos, xquat, xmat, sitePos, siteMat,
      geomPos, geomMat, mocapPos, mocapQuat;
  private final MemorySegment jacp, jacr, fullM, state;
  private boolean closed;

  /** Makes fresh data for a model (all at {@code qpos0}, zero velocity). */
  public MjData(MjModel model) {
    this.model = model;
    try {
      MemorySegment d = (MemorySegment) MjNative.mj_makeData.invokeExact(model.ptr);
      if (d.address() == 0) throw new MujocoException("mj_makeData failed (out of memory?)");
      this.ptr = d.reinterpret(MjField.SIZEOF_DATA.value());
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
    nq = model.nq();
    nv = model.nv();
    nu = model.nu();
    nbody = model.nbody();
    nsite = model.nsite();
    ngeom = model.ngeom();
    nmocap = model.nmocap();
    qpos = array(MjField.DATA_QPOS, nq);
    qvel = array(MjField.DATA_QVEL, nv);
    ctrl = array(MjField.DATA_CTRL, nu);
    qacc = array(MjField.DATA_QACC, nv);
    qfrcBias = array(MjField.DATA_QFRC_BIAS, nv);
    qfrcApplied = array(MjField.DATA_QFRC_APPLIED, nv);
    xpos = array(MjField.DATA_XPOS, nbody * 3L);
    xquat = array(MjField.DATA_XQUAT, nbody * 4L);
    xmat = array(MjField.DATA_XMAT, nbody * 9L);
    sitePos = array(MjField.DATA_SITE_XPOS, nsite * 3L);
    siteMat = array(MjField.DATA_SITE_XMAT, nsite * 9L);
    geomPos = array(MjField.DATA_GEOM_XPOS, ngeom * 3L);
    geomMat = array(MjField.DATA_GEOM_XMAT, ngeom * 9L);
    mocapPos = array(MjField.DATA_MOCAP_POS, nmocap * 3L);
    mocapQuat = array(MjField.DATA_MOCAP_QUAT, nmocap * 4L);
    jacp = scratchArena.allocate(JAVA_DOUBLE, Math.max(1, 3L * nv));
    jacr = scratchArena.allocate(JAVA_DOUBLE, Math.max(1, 3L * nv));
    fullM = scratchArena.allocate(JAVA_DOUBLE, Math.max(1, (long) nv * nv));
    state = scratchArena.allocate(JAVA_DOUBLE, Math.max(1, stateSize(MjState.INTEGRATION)));
  }

  private MemorySegment array(MjField f, long n) {
    return ptr.get(ADDRESS, f.value()).reinterpret(Math.max(0, n) * 8);
  }

  public MjModel model() {
    return model;
  }

  // ---- simulation ----

  /** Advances the simulation by one timestep ({@code mj_step}). */
  public void step() {
    try {
      MjNative.mj_step.invokeExact(model.ptr, ptr);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
  }

  /**
   * First half of a step ({@code mj_step1}): positions, velocities and everything derived from
   * them (poses, Jacobians, mass matrix, bias forces) become current, before controls are read.
   * Set {@code ctrl} from these, then call {@link #step2()}. Equivalent to {@code mj_forward},
   * control, {@code mj_step} at the cost of one step (MuJoCo's recommended control-callback split).
   */
  public void step1() {
    try {
      MjNative.mj_step1.invokeExact(model.ptr, ptr);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
  }

  /** Second half of a step ({@code mj_step2}): applies controls and integrates. */
  public void step2() {
    try {
      MjNative.mj_step2.invokeExact(model.ptr, ptr);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
  }

  /** Recomputes all derived quantities (poses, contacts, forces) without integrating ({@code mj_forward}). */
  public void forward() {
    try {
      MjNative.mj_forward.invokeExact(model.ptr, ptr);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
  }

  /** Resets to the model's defaults ({@code mj_resetData}). */
  public void reset() {
    try {
      MjNative.mj_resetData.invokeExact(model.ptr, ptr);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
  }

  /**
   * Resets to a keyframe ({@code mj_resetDataKeyframe}).
   *
   * @throws IllegalArgumentException if the keyframe does not exist (message lists the keyframes)
   */
  public void resetToKeyframe(String key) {
    int id = model.id(MjObj.KEY, key);
    try {
      MjNative.mj_resetDataKeyframe.invokeExact(model.ptr, ptr, id);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
  }

  // ---- full state ----

  /** Number of doubles in a state of the given signature ({@code mj_stateSize}). */
  public int stateSize(MjState sig) {
    try {
      return (int) MjNative.mj_stateSize.invokeExact(model.ptr, sig.bits);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
  }

  /** Copies out the state of the given signature ({@code mj_getState}). */
  public double[] getState(MjState sig) {
    try {
      MjNative.mj_getState.invokeExact(model.ptr, ptr, state, sig.bits);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
    return state.asSlice(0, stateSize(sig) * 8L).toArray(JAVA_DOUBLE);
  }

  /**
   * Restores a state previously taken with {@link #getState} ({@code mj_setState}).
   *
   * @throws IllegalArgumentException if the array's length is not {@code stateSize(sig)}
   */
  public void setState(MjState sig, double[] values) {
    int n = stateSize(sig);
    if (values.length != n) {
      throw new IllegalArgumentException("state of signature " + sig + " has " + n + " numbers, got " + values.length);
    }
    MemorySegment.copy(values, 0, state, JAVA_DOUBLE, 0, n);
    try {
      MjNative.mj_setState.invokeExact(model.ptr, ptr, state, sig.bits);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
  }

  // ---- scalars and vectors ----

  /** Simulation time in seconds. */
  public double time() {
    return ptr.get(JAVA_DOUBLE, MjField.DATA_TIME.value());
  }

  public double qpos(int i) { return qpos.getAtIndex(JAVA_DOUBLE, i); }
  public void setQpos(int i, double v) { qpos.setAtIndex(JAVA_DOUBLE, i, v); }
  public double qvel(int i) { return qvel.getAtIndex(JAVA_DOUBLE, i); }
  public void setQvel(int i, double v) { qvel.setAtIndex(JAVA_DOUBLE, i, v); }
  public double ctrl(int i) { return ctrl.getAtIndex(JAVA_DOUBLE, i); }
  public void setCtrl(int i, double v) { ctrl.setAtIndex(JAVA_DOUBLE, i, v); }
  /** Coriolis, centrifugal and gravity forces ({@code qfrc_bias}), N or N·m per dof. */
  public double qfrcBias(int i) { return qfrcBias.getAtIndex(JAVA_DOUBLE, i); }
  public void setQfrcApplied(int i, double v) { qfrcApplied.setAtIndex(JAVA_DOUBLE, i, v); }
  public double qacc(int i) { return qacc.getAtIndex(JAVA_DOUBLE, i); }

  /** All of qpos, length nq. */
  public double[] qpos() { return qpos.toArray(JAVA_DOUBLE); }
  /** All of qvel, length nv. */
  public double[] qvel() { return qvel.toArray(JAVA_DOUBLE); }
  /** Copies all of qvel (nv numbers, m/s or rad/s per dof) into {@code out}, which must hold at least nv. */
  public void qvel(double[] out) { MemorySegment.copy(qvel, JAVA_DOUBLE, 0, out, 0, nv); }
  /** All of ctrl, length nu. */
  public double[] ctrl() { return ctrl.toArray(JAVA_DOUBLE); }
  /** All of qacc, length nv. */
  public double[] qacc() { return qacc.toArray(JAVA_DOUBLE); }

  /** Sets all of qpos; length must be nq. */
  public void setQpos(double[] v) { copyIn(v, qpos, nq, "qpos"); }
  /** Sets all of qvel; length must be nv. */
  public void setQvel(double[] v) { copyIn(v, qvel, nv, "qvel"); }
  /** Sets all of ctrl; length must be nu. */
  public void setCtrl(double[] v) { copyIn(v, ctrl, nu, "ctrl"); }

  private static void copyIn(double[] v, MemorySegment dst, int n, String what) {
    if (v.length != n) throw new IllegalArgumentException(what + " has length " + n + ", got " + v.length);
    MemorySegment.copy(v, 0, dst, JAVA_DOUBLE, 0, n);
  }

  // ---- poses ----

  /** Body frame origin, world frame, metres: writes 3 numbers into {@code out}. */
  public void bodyPos(int body, double[] out) { MemorySegment.copy(xpos, JAVA_DOUBLE, body * 24L, out, 0, 3); }
  /** Body frame orientation quaternion (w, x, y, z): writes 4 numbers. */
  public void bodyQuat(int body, double[] out) { MemorySegment.copy(xquat, JAVA_DOUBLE, body * 32L, out, 0, 4); }
  /** Body frame rotation matrix, row-major 3×3: writes 9 numbers. */
  public void bodyMat(int body, double[] out) { MemorySegment.copy(xmat, JAVA_DOUBLE, body * 72L, out, 0, 9); }
  /** Site position, world frame, metres: writes 3 numbers. */
  public void sitePos(int site, double[] out) { MemorySegment.copy(sitePos, JAVA_DOUBLE, site * 24L, out, 0, 3); }
  /** Site rotation matrix, row-major 3×3: writes 9 numbers. */
  public void siteMat(int site, double[] out) { MemorySegment.copy(siteMat, JAVA_DOUBLE, site * 72L, out, 0, 9); }
  /** Geom position, world frame, metres: writes 3 numbers. */
  public void geomPos(int geom, double[] out) { MemorySegment.copy(geomPos, JAVA_DOUBLE, geom * 24L, out, 0, 3); }
  /** Geom rotation matrix, row-major 3×3: writes 9 numbers. */
  public void geomMat(int geom, double[] out) { MemorySegment.copy(geomMat, JAVA_DOUBLE, geom * 72L, out, 0, 9); }
  /** Sets a mocap body's position (index from {@link MjModel#bodyMocapId}), metres. */
  public void setMocapPos(int mocap, double[] p) { MemorySegment.copy(p, 0, mocapPos, JAVA_DOUBLE, mocap * 24L, 3); }
  /** Sets a mocap body's orientation quaternion (w, x, y, z). */
  public void setMocapQuat(int mocap, double[] q) { MemorySegment.copy(q, 0, mocapQuat, JAVA_DOUBLE, mocap * 32L, 4); }

  // ---- Jacobians and inertia ----

  /**
   * Translational and rotational Jacobians of a site ({@code mj_jacSite}), each 3×nv row-major, in
   * the world frame. Needs up-to-date kinematics (after {@link #step} or {@link #forward}).
   *
   * @param jacpOut receives 3·nv numbers (m/rad per unit dof velocity), or null
   * @param jacrOut receives 3·nv numbers (rad/s per unit dof velocity), or null
   */
  public void jacSite(int site, double[] jacpOut, double[] jacrOut) {
    try {
      MjNative.mj_jacSite.invokeExact(model.ptr, ptr, jacp, jacr, site);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
    if (jacpOut != null) MemorySegment.copy(jacp, JAVA_DOUBLE, 0, jacpOut, 0, 3 * nv);
    if (jacrOut != null) MemorySegment.copy(jacr, JAVA_DOUBLE, 0, jacrOut, 0, 3 * nv);
  }

  /** Jacobians of a body's frame origin ({@code mj_jacBody}); same layout as {@link #jacSite}. */
  public void jacBody(int body, double[] jacpOut, double[] jacrOut) {
    try {
      MjNative.mj_jacBody.invokeExact(model.ptr, ptr, jacp, jacr, body);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
    if (jacpOut != null) MemorySegment.copy(jacp, JAVA_DOUBLE, 0, jacpOut, 0, 3 * nv);
    if (jacrOut != null) MemorySegment.copy(jacr, JAVA_DOUBLE, 0, jacrOut, 0, 3 * nv);
  }

  /** The dense joint-space inertia matrix ({@code mj_fullM}), nv×nv row-major, kg·m² / kg. */
  public void fullMassMatrix(double[] out) {
    try {
      MjNative.mj_fullM.invokeExact(model.ptr, ptr, fullM);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
    MemorySegment.copy(fullM, JAVA_DOUBLE, 0, out, 0, nv * nv);
  }

  // ---- contacts and diagnostics ----

  /** Number of contacts detected by the last step/forward. */
  public int contactCount() {
    return ptr.get(JAVA_INT, MjField.DATA_NCON.value());
  }

  private MemorySegment contact(int i) {
    long size = MjField.SIZEOF_CONTACT.value();
    return ptr.get(ADDRESS, MjField.DATA_CONTACT.value()).reinterpret((i + 1) * size).asSlice(i * size, size);
  }

  /** First geom of contact {@code i} (−1 for a flex). */
  public int contactGeom1(int i) { return contact(i).get(JAVA_INT, MjField.CONTACT_GEOM.value()); }
  /** Second geom of contact {@code i} (−1 for a flex). */
  public int contactGeom2(int i) { return contact(i).get(JAVA_INT, MjField.CONTACT_GEOM.value() + 4); }
  /** Signed distance of contact {@code i}, metres; negative means penetration. */
  public double contactDist(int i) { return contact(i).get(JAVA_DOUBLE, MjField.CONTACT_DIST.value()); }
  /** Whether contact {@code i} is excluded from the constraint solver (in margin gap, fused, ...). */
  public boolean contactExcluded(int i) { return contact(i).get(JAVA_INT, MjField.CONTACT_EXCLUDE.value()) != 0; }

  /**
   * How many times MuJoCo has met a bad number (NaN, Inf or huge) in qpos, qvel, qacc or ctrl since
   * the data were made, the signs that the simulation went unstable. MuJoCo repairs such data by
   * resetting it (or zeroing ctrl) and counts a warning ({@code warning[mjWARN_BAD*].number}).
   */
  public int badNumberWarnings() {
    int n = 0;
    for (MjField w : new MjField[] {MjField.MJWARN_BADQPOS, MjField.MJWARN_BADQVEL, MjField.MJWARN_BADQACC, MjField.MJWARN_BADCTRL}) {
      long off = MjField.DATA_WARNING.value() + w.value() * MjField.SIZEOF_WARNINGSTAT.value() + MjField.WARNINGSTAT_NUMBER.value();
      n += ptr.get(JAVA_INT, off);
    }
    return n;
  }

  /** Frees the native data. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      MjNative.mj_deleteData.invokeExact(ptr);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    } finally {
      scratchArena.close();
    }
  }
}
