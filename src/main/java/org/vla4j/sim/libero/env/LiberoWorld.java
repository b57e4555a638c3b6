package org.vla4j.sim.libero.env;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.stream.Stream;
import org.vla4j.mujoco.MjData;
import org.vla4j.mujoco.MjModel;
import org.vla4j.mujoco.MjModelArray;
import org.vla4j.mujoco.MjObj;
import org.vla4j.mujoco.MjState;
import org.vla4j.sim.libero.bddl.BddlInstance;
import org.vla4j.sim.libero.bddl.BddlPredicate;
import org.vla4j.sim.libero.scene.LiberoScene;

/**
 * A compiled LIBERO scene with one simulation state: LIBERO's {@code set_init_state}, the low-dimensional
 * observations robosuite 1.4.1 reports, and the {@code In} and {@code On} goal predicates, read from the model by name.
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
    int s = site(site);
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
   * LIBERO's {@code On(object, target)} ({@code predicates/base_predicates.py}: {@code target.check_ontop(object)}).
   *
   * <p>Target an object or fixture ({@code ObjectState.check_ontop}, {@code base_object_states.py}): true iff
   * the target's root-body origin is not above the object's (z_target ≤ z_object), a collision geom of one
   * touches one of the other in the contacts of the last step ({@code env.check_contact}), and the two origins
   * are less than 0.03 m apart in xy.
   *
   * <p>Target a site ({@code SiteObjectState.check_ontop}, {@code SiteObject.under}): with p, R the site's world
   * position and rotation and s its half-sizes, d = R·(o − p) for the object's origin o (R, not Rᵀ, as LIBERO
   * computes it); true iff s_z − 0.005 &lt; d_z &lt; s_z + 0.10 and |d_x| &lt; s_x, |d_y| &lt; s_y, and, when the
   * site belongs to an object or fixture of the scene ({@code <instance>_…}, e.g. {@code wooden_cabinet_1_top_side}),
   * that one touches the object. Table zones ({@code main_table_…}) have no parent: no contact test.
   *
   * @throws IllegalArgumentException if the object, or the target as an object or a site, is unknown
   */
  public boolean on(String instance, String target) {
    double[] o = objectPos(instance);
    if (scene.objectRootBodies().containsKey(target)) {
      double[] t = objectPos(target);
      return t[2] <= o[2] && touching(instance, target) && Math.hypot(o[0] - t[0], o[1] - t[1]) < 0.03;
    }
    int s = site(target);
    double[] p = new double[3];
    double[] r = new double[9];
    data.sitePos(s, p);
    data.siteMat(s, r);
    double[] d = new double[3];
    for (int i = 0; i < 3; i++) d[i] = r[3 * i] * (o[0] - p[0]) + r[3 * i + 1] * (o[1] - p[1]) + r[3 * i + 2] * (o[2] - p[2]);
    double sx = siteSize[3 * s], sy = siteSize[3 * s + 1], sz = siteSize[3 * s + 2];
    boolean under = sz - 0.005 < d[2] && d[2] < sz + 0.10 && Math.abs(d[0]) < sx && Math.abs(d[1]) < sy;
    if (!under) return false;
    String parent = siteParent(target);
    return parent == null || touching(parent, instance);
  }

  // looked up once per site: success() evaluates the goal on every step
  private final Map<String, java.util.Optional<String>> siteParents = new java.util.HashMap<>();

  /** The object or fixture a site belongs to: the longest instance name {@code X} with the site named {@code X_…}; null for none. */
  String siteParent(String site) {
    return siteParents.computeIfAbsent(site, k -> scene.objectRootBodies().keySet().stream()
        .filter(inst -> k.startsWith(inst + "_")).max(java.util.Comparator.comparingInt(String::length))).orElse(null);
  }

  /**
   * Whether a collision geom of {@code a} and one of {@code b} are in contact in the contact list of the last
   * step or forward (robosuite's {@code check_contact(a, b)}; penetration depth not tested).
   *
   * @throws IllegalArgumentException if either has no collision geom in the scene
   */
  public boolean touching(String a, String b) {
    java.util.BitSet ga = collisionGeoms(a), gb = collisionGeoms(b);
    for (int i = 0, n = data.contactCount(); i < n; i++) {
      int g1 = data.contactGeom1(i), g2 = data.contactGeom2(i);
      if (g1 < 0 || g2 < 0) continue;
      if ((ga.get(g1) && gb.get(g2)) || (ga.get(g2) && gb.get(g1))) return true;
    }
    return false;
  }

  private final Map<String, java.util.BitSet> collisionGeoms = new java.util.HashMap<>();

  private java.util.BitSet collisionGeoms(String instance) {
    return collisionGeoms.computeIfAbsent(instance, k -> {
      java.util.BitSet out = new java.util.BitSet();
      for (int g : collisionGeoms(model, k)) out.set(g);
      return out;
    });
  }

  /**
   * Collision geoms (contype or conaffinity set) of every body named {@code <instance>_…}: the geoms robosuite
   * lists as an object's {@code contact_geoms} (LIBERO's visual geoms have contype = conaffinity = 0).
   *
   * @throws IllegalArgumentException if there is none
   */
  public static int[] collisionGeoms(MjModel m, String instance) {
    double[] bodies = m.values(MjModelArray.GEOM_BODYID);
    double[] contype = m.values(MjModelArray.GEOM_CONTYPE);
    double[] conaff = m.values(MjModelArray.GEOM_CONAFFINITY);
    List<Integer> out = new java.util.ArrayList<>();
    for (int gi = 0; gi < m.ngeom(); gi++) {
      String b = m.name(MjObj.BODY, (int) bodies[gi]);
      if (b != null && b.startsWith(instance + "_") && (contype[gi] != 0 || conaff[gi] != 0)) out.add(gi);
    }
    if (out.isEmpty()) throw new IllegalArgumentException("no collision geom of '" + instance + "' in the scene");
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private int site(String name) {
    Integer cached = siteIds.get(name);
    int s = cached != null ? cached : model.idOrNegative(MjObj.SITE, name);
    if (s < 0) throw new IllegalArgumentException("no site '" + name + "'; valid: " + model.names(MjObj.SITE));
    siteIds.put(name, s);
    return s;
  }

  /**
   * LIBERO's {@code Open(target)}, {@code Close(target)} and {@code TurnOn(target)} ({@code object_states/base_object_states.py}):
   * each joint of {@link #articulationJoints(String)} is judged by the target's {@link ArticulatedCategory} rule on its
   * qpos; open and turnon hold when any joint passes, close when every joint does (so a target without joints is
   * closed and never open, as in LIBERO). A site's category is that of the object or fixture it belongs to.
   *
   * @param predicate {@code open}, {@code close} or {@code turnon}
   * @throws IllegalArgumentException if the target is neither an object nor a site of one
   * @throws UnsupportedOperationException if LIBERO gives the target's category no such rule (e.g. a stove's "open")
   */
  public boolean articulation(String predicate, String target) {
    DoublePredicate rule = articulationRules.computeIfAbsent(predicate + " " + target, k -> articulationRule(predicate, target));
    boolean all = predicate.equals("close");
    for (int q : articulationQpos.computeIfAbsent(target, t -> Arrays.stream(articulationJoints(t)).map(model::jointQposAddress).toArray())) {
      boolean pass = rule.test(data.qpos(q));
      if (all && !pass) return false;
      if (!all && pass) return true;
    }
    return all;
  }

  // looked up once per predicate and target: success() evaluates the goal on every step
  private final Map<String, DoublePredicate> articulationRules = new HashMap<>();
  private final Map<String, int[]> articulationQpos = new HashMap<>();

  private DoublePredicate articulationRule(String predicate, String target) {
    String owner = target;
    if (!scene.objectRootBodies().containsKey(target)) {
      site(target); // names the valid sites if the target is none
      owner = siteParent(target);
      if (owner == null) throw new IllegalArgumentException("site '" + target + "' belongs to no object or fixture of the scene");
    }
    String instance = owner;
    String category = Stream.concat(scene.problem().fixtures().stream(), scene.problem().objects().stream())
        .filter(i -> i.name().equals(instance)).map(BddlInstance::category).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("'" + instance + "' is not an object or fixture of " + scene.problem().file()));
    return ArticulatedCategory.of(category).orElseThrow(() -> new UnsupportedOperationException(
        "LIBERO gives '" + category + "' (" + instance + ") no joint thresholds; categories with them: "
            + String.join(", ", ArticulatedCategory.ALL.stream().map(ArticulatedCategory::category).toList()))).rule(predicate);
  }

  /**
   * The joints LIBERO's articulation predicates read for a target, by id in document order: for a site (e.g.
   * {@code wooden_cabinet_1_middle_region}) the joints of the body that holds it ({@code object_sites_dict[site].joints}:
   * the direct joints of the innermost body enclosing the site); for an object or fixture every hinge and slide joint
   * of its bodies ({@code MujocoXMLObject.joints}; a movable object's free joint is not one LIBERO compares).
   *
   * @throws IllegalArgumentException if the target is neither an object nor a site
   */
  public int[] articulationJoints(String target) {
    List<Integer> out = new ArrayList<>();
    if (scene.objectRootBodies().containsKey(target)) {
      for (int j = 0; j < model.njnt(); j++) {
        String body = model.name(MjObj.BODY, model.jointBody(j));
        int type = model.jointType(j);
        if (body != null && body.startsWith(target + "_") && (type == 2 || type == 3)) out.add(j);
      }
    } else {
      int body = (int) model.values(MjModelArray.SITE_BODYID)[site(target)];
      for (int j = 0; j < model.njnt(); j++) if (model.jointBody(j) == body) out.add(j);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The goal predicates {@link #success()} evaluates: every one LIBERO's BDDL files use in the four suites. */
  public static final List<String> GOAL_PREDICATES = List.of("in", "on", "open", "close", "turnon");

  /**
   * The goal as LIBERO evaluates it ({@code _check_success}: the AND of every goal predicate).
   *
   * @throws UnsupportedOperationException naming a predicate that is not implemented
   */
  public boolean success() {
    List<BddlPredicate> goal = scene.problem().goal();
    boolean ok = true;
    for (BddlPredicate g : goal) {
      boolean v = switch (g.name()) {
        case "in" -> in(g.args().get(0), g.args().get(1));
        case "on" -> on(g.args().get(0), g.args().get(1));
        case "open", "close", "turnon" -> articulation(g.name(), g.args().get(0));
        default -> throw new UnsupportedOperationException("goal predicate '" + g.name() + "' is not implemented; implemented: "
            + String.join(", ", GOAL_PREDICATES));
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
