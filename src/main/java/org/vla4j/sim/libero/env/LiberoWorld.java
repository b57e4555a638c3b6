package org.vla4j.sim.libero.env;

import java.util.List;
import java.util.Map;
import org.vla4j.mujoco.MjData;
import org.vla4j.mujoco.MjModel;
import org.vla4j.mujoco.MjModelArray;
import org.vla4j.mujoco.MjObj;
import org.vla4j.mujoco.MjState;
import org.vla4j.sim.libero.bddl.BddlPredicate;
import org.vla4j.sim.libero.scene.LiberoScene;

/**
 * A compiled LIBERO scene with one simulation state: LIBERO's {@code set_init_state}, the low-dimensional
 * observations robosuite 1.4.1 reports, and the {@code In} goal predicate, read from the model by name.
 *
 * <p>Conventions (robosuite): quaternions in observations are xyzw, in qpos wxyz; {@code robot0_eef_pos}
 * is the world position of site {@code gripper0_grip_site}; {@code robot0_eef_quat} the orientation of body
 * {@code robot0_right_hand}; an object's pose is its root body's ({@code <instance>_main}).
 *
 * <p>Not thread-safe (one {@link MjData}); closes the model and data it owns.
 */
public final class LiberoWorld implements AutoCloseable {
  /** Arm joints {@code robot0_joint1..7}. */
  public static final int ARM_DOF = 7;

  private final LiberoScene scene;
  private final MjModel model;
  private final MjData data;
  private final int eefSite;
  private final int handBody;
  private final int[] armQpos = new int[ARM_DOF];
  private final int[] armDof = new int[ARM_DOF];
  private final int[] fingerQpos = new int[2];
  // looked up once: the env reads them on every step
  private final Map<String, Integer> rootBodyIds = new java.util.HashMap<>();
  private final double[] siteSize;
  private final Map<String, Integer> siteIds = new java.util.HashMap<>();

  /**
   * Compiles the scene.
   *
   * @throws IllegalArgumentException if it does not compile or lacks the Panda's named parts
   */
  public LiberoWorld(LiberoScene scene) {
    this.scene = scene;
    this.model = MjModel.fromXml(scene.xml());
    this.data = new MjData(model);
    this.eefSite = model.id(MjObj.SITE, "gripper0_grip_site");
    this.handBody = model.id(MjObj.BODY, "robot0_right_hand");
    for (int i = 0; i < ARM_DOF; i++) {
      int j = model.id(MjObj.JOINT, "robot0_joint" + (i + 1));
      armQpos[i] = model.jointQposAddress(j);
      armDof[i] = model.jointDofAddress(j);
    }
    fingerQpos[0] = model.jointQposAddress(model.id(MjObj.JOINT, "gripper0_finger_joint1"));
    fingerQpos[1] = model.jointQposAddress(model.id(MjObj.JOINT, "gripper0_finger_joint2"));
    for (Map.Entry<String, String> e : scene.objectRootBodies().entrySet()) {
      int id = model.idOrNegative(MjObj.BODY, e.getValue());
      if (id >= 0) rootBodyIds.put(e.getKey(), id);
    }
    siteSize = model.values(MjModelArray.SITE_SIZE);
    data.forward();
  }

  /** The scene this world was compiled from. */
  public LiberoScene scene() {
    return scene;
  }

  /** The compiled model. */
  public MjModel model() {
    return model;
  }

  /** The simulation state. */
  public MjData data() {
    return data;
  }

  /**
   * LIBERO's {@code set_init_state}: robosuite's {@code sim.set_state_from_flattened(state)} then
   * {@code sim.forward()}.
   *
   * @param state {@code [time, qpos(nq), qvel(nv)]}, as in the {@code .pruned_init} files
   * @throws IllegalArgumentException if its length is not {@code 1 + nq + nv}
   */
  public void setInitState(double[] state) {
    int n = 1 + model.nq() + model.nv();
    if (state.length != n) {
      throw new IllegalArgumentException("an init state of this scene has 1 + nq + nv = " + n + " numbers (nq " + model.nq() + ", nv " + model.nv()
          + "), got " + state.length + ": is it another task's?");
    }
    if (data.stateSize(MjState.FULL_PHYSICS) == n) {
      data.setState(MjState.FULL_PHYSICS, state);
    } else {
      throw new IllegalStateException("scene has activation or history state (full-physics size " + data.stateSize(MjState.FULL_PHYSICS)
          + " ≠ " + n + "); LIBERO's flattened states do not cover it");
    }
    data.forward();
  }

  /** {@code robot0_eef_pos}: world position of {@code gripper0_grip_site}, metres. */
  public double[] eefPos() {
    double[] p = new double[3];
    data.sitePos(eefSite, p);
    return p;
  }

  /** {@code robot0_eef_quat}: orientation of body {@code robot0_right_hand}, xyzw. */
  public double[] eefQuatXyzw() {
    return wxyzToXyzw(bodyQuat(handBody));
  }

  /** {@code robot0_joint_pos}: the 7 arm joint angles, radians. */
  public double[] jointPos() {
    double[] q = new double[ARM_DOF];
    for (int i = 0; i < ARM_DOF; i++) q[i] = data.qpos(armQpos[i]);
    return q;
  }

  /** {@code robot0_joint_vel}: the 7 arm joint velocities, rad/s. */
  public double[] jointVel() {
    double[] v = new double[ARM_DOF];
    for (int i = 0; i < ARM_DOF; i++) v[i] = data.qvel(armDof[i]);
    return v;
  }

  /** {@code robot0_gripper_qpos}: the two finger slides, metres. */
  public double[] gripperQpos() {
    return new double[] {data.qpos(fingerQpos[0]), data.qpos(fingerQpos[1])};
  }

  /** World position of an object's or fixture's root body, metres. */
  public double[] objectPos(String instance) {
    double[] p = new double[3];
    data.bodyPos(rootBody(instance), p);
    return p;
  }

  /** Orientation of an object's or fixture's root body, xyzw. */
  public double[] objectQuatXyzw(String instance) {
    return wxyzToXyzw(bodyQuat(rootBody(instance)));
  }

  private int rootBody(String instance) {
    Integer id = rootBodyIds.get(instance);
    if (id != null) return id;
    String body = scene.objectRootBodies().get(instance);
    if (body == null) throw new IllegalArgumentException("no object or fixture '" + instance + "'; valid: " + scene.objectRootBodies().keySet());
    return model.id(MjObj.BODY, body);
  }

  private double[] bodyQuat(int body) {
    double[] q = new double[4];
    data.bodyQuat(body, q);
    return q;
  }

  private static double[] wxyzToXyzw(double[] q) {
    return new double[] {q[1], q[2], q[3], q[0]};
  }

  /**
   * LIBERO's {@code In(object, site)} ({@code object_states/base_object_states.py}, {@code TargetZone.in_box}
   * and {@code SiteObject.in_box}): with p, R the site's world position and rotation and s its half-sizes,
   * e = |R·s| elementwise; true iff the object's root-body origin is strictly inside (p − e, p + e) with the
   * lower z bound lowered by a further 0.01 m. No contact test. {@code |R·s|} is not an oriented box: at a
   * site yaw of 45° one half-width is 0 and the test can never hold.
   *
   * @throws IllegalArgumentException if the object or the site is unknown
   */
  public boolean in(String instance, String site) {
    Integer cached = siteIds.get(site);
    int s = cached != null ? cached : model.idOrNegative(MjObj.SITE, site);
    if (s >= 0) siteIds.put(site, s);
    if (s < 0) throw new IllegalArgumentException("no site '" + site + "'; valid: " + model.names(MjObj.SITE));
    double[] p = new double[3];
    double[] r = new double[9];
    data.sitePos(s, p);
    data.siteMat(s, r);
    double[] half = {siteSize[3 * s], siteSize[3 * s + 1], siteSize[3 * s + 2]};
    double[] o = objectPos(instance);
    for (int i = 0; i < 3; i++) {
      double e = Math.abs(r[3 * i] * half[0] + r[3 * i + 1] * half[1] + r[3 * i + 2] * half[2]);
      double lo = p[i] - e - (i == 2 ? 0.01 : 0);
      double hi = p[i] + e;
      if (!(o[i] > lo && o[i] < hi)) return false;
    }
    return true;
  }

  /**
   * The goal as LIBERO evaluates it ({@code _check_success}: the AND of every goal predicate). Only
   * {@code in} is implemented so far.
   *
   * @throws UnsupportedOperationException naming a predicate that is not implemented yet
   */
  public boolean success() {
    List<BddlPredicate> goal = scene.problem().goal();
    boolean ok = true;
    for (BddlPredicate g : goal) {
      boolean v = switch (g.name()) {
        case "in" -> in(g.args().get(0), g.args().get(1));
        default -> throw new UnsupportedOperationException("goal predicate '" + g.name() + "' is not implemented yet; implemented: in");
      };
      ok = v && ok;
    }
    return ok;
  }

  /** Every object's root-body position, by instance name (objects and fixtures). */
  public Map<String, double[]> objectPositions() {
    Map<String, double[]> out = new java.util.LinkedHashMap<>();
    for (String name : scene.objectRootBodies().keySet()) out.put(name, objectPos(name));
    return out;
  }

  @Override
  public void close() {
    data.close();
    model.close();
  }
}
