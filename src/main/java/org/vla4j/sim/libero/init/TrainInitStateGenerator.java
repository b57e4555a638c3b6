package org.vla4j.sim.libero.init;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vla4j.mujoco.MjData;
import org.vla4j.mujoco.MjModel;
import org.vla4j.mujoco.MjObj;
import org.vla4j.sim.libero.LiberoBenchmark;
import org.vla4j.sim.libero.env.LiberoEnv;
import org.vla4j.sim.libero.scene.LiberoScene;
import org.vla4j.sim.libero.scene.LiberoSceneComposer;
import org.vla4j.sim.suite.Seeds;

/**
 * Makes training init states of one LIBERO task, disjoint from its 50 official ones, the way LIBERO's
 * {@code env.reset()} made those: the Panda at its {@code init_qpos} plus robosuite's default initialization
 * noise (Gaussian, σ = {@link Params#armNoiseSigma} rad per arm joint: the official states of libero_object
 * scatter by 0.02 rad around it), the fingers at the gripper's {@code init_qpos}, every object placed by
 * {@link RegionPlacementSampler} (LIBERO's region sampler: the BDDL {@code :ranges} and {@code On}
 * predicates), velocities zero, time 0. That is the state vector {@code [time, qpos, qvel]} of a {@code
 * .pruned_init} row, and it is stored as is: objects a little above the floor, as in the official states,
 * settle during an episode's wait steps.
 *
 * <p>Each candidate is checked by playing an episode's start: {@code reset}, {@code set_init_state}, then
 * {@link Params#settleSteps} env steps of the wait action {@code [0,0,0,0,0,0,−1]} (the robot holding).
 * It is refused ({@link #check}) if an object moved more than {@link Params#maxShiftXy} horizontally,
 * dropped more than {@link Params#maxDrop} or rose more than {@link Params#maxRise} (placed by their {@code
 * bottom_site}, objects start a little above or inside the floor and move up to 4 cm vertically when settling
 * from the official states too: the alphabet soup rises 2.3 cm, the basket drops 4 cm), tipped by more than {@link Params#maxTiltDegrees},
 * still moves faster than {@link Params#maxSpeed}, or touches another object or the robot; a refused
 * candidate is drawn again from the same random stream. State k of task t is a pure function of
 * ({@link Params#seed}, t, k): the stream is {@code SplittableRandom(Seeds.hash(seed, SALT, t, k))}.
 *
 * <p>One generator per task and thread (it owns a compiled scene).
 */
public final class TrainInitStateGenerator implements AutoCloseable {
  /** Salt of the training stream's seeds ("LTR1"). */
  public static final long SALT = 0x4c545231L;
  /** The wait action an episode starts with (OpenVLA's), used for settling. */
  static final double[] HOLD = {0, 0, 0, 0, 0, 0, -1};

  /**
   * The generator's parameters (recorded in the file they made).
   *
   * @param seed the training stream's seed
   * @param statesPerTask states per task in the file
   * @param armNoiseSigma standard deviation of the Gaussian added to each arm joint, radians
   * @param settleSteps env steps (0.05 s each) of the check
   * @param maxShiftXy largest horizontal motion of an object during the check, metres
   * @param maxDrop largest drop of an object during the check, metres
   * @param maxRise largest rise of an object during the check, metres
   * @param maxTiltDegrees largest change of an object's up axis during the check, degrees
   * @param maxSpeed largest speed of an object's origin at the end of the check, m/s
   * @param maxAttempts candidates drawn per state before giving up
   */
  public record Params(long seed, int statesPerTask, double armNoiseSigma, int settleSteps, double maxShiftXy, double maxDrop, double maxRise,
      double maxTiltDegrees, double maxSpeed, int maxAttempts) {
    public Params {
      if (statesPerTask < 1) throw new IllegalArgumentException("states per task must be ≥ 1, got " + statesPerTask);
      if (settleSteps < 1) throw new IllegalArgumentException("settle steps must be ≥ 1, got " + settleSteps);
    }
  }

  /** The parameters of the committed file. */
  public static final Params DEFAULT = new Params(20261202L, 100, 0.02, 10, 0.02, 0.05, 0.05, 10, 0.02, 1000);

  /** Why a candidate was refused, or null; and what the check measured (worst over the objects). */
  public record Check(String refusal, double shiftXy, double drop, double rise, double tiltDegrees, double speed) {}

  private final LiberoBenchmark benchmark;
  private final int taskId;
  private final Params params;
  private final LiberoScene scene;
  private final LiberoEnv env;
  private final RegionPlacementSampler sampler;
  private final Map<String, int[]> objectAddr = new LinkedHashMap<>(); // name → {qpos adr, dof adr, root body}
  private final int[] armQpos = new int[7];

  /**
   * A generator for one task of a LIBERO suite.
   *
   * @throws UnsupportedOperationException if the task's problem class or init predicates are not
   *     supported ({@link RegionPlacementSampler})
   */
  public TrainInitStateGenerator(LiberoBenchmark benchmark, int taskId, Params params) {
    this.benchmark = benchmark;
    this.taskId = taskId;
    this.params = params;
    this.scene = new LiberoSceneComposer(benchmark.paths()).compose(benchmark.problems().get(taskId));
    this.sampler = new RegionPlacementSampler(benchmark.paths(), scene.problem());
    this.env = new LiberoEnv(scene);
    MjModel m = env.world().model();
    for (String o : sampler.order()) {
      int j = m.id(MjObj.JOINT, o + "_joint0");
      objectAddr.put(o, new int[] {m.jointQposAddress(j), m.jointDofAddress(j), m.id(MjObj.BODY, scene.objectRootBodies().get(o))});
    }
    for (int i = 0; i < 7; i++) armQpos[i] = m.jointQposAddress(m.id(MjObj.JOINT, "robot0_joint" + (i + 1)));
  }

  /** qpos size of the scene. */
  public int nq() {
    return env.world().model().nq();
  }

  /** qvel size of the scene. */
  public int nv() {
    return env.world().model().nv();
  }

  /** The composed scene the states belong to. */
  public LiberoScene scene() {
    return scene;
  }

  /**
   * Training init state {@code index}: {@code [time = 0, qpos(nq), qvel(nv) = 0]}.
   *
   * @throws IllegalStateException if no candidate passes the check in {@link Params#maxAttempts} draws
   */
  public double[] state(int index) {
    SplittableRandom rng = new SplittableRandom(Seeds.hash(params.seed(), SALT, taskId, index));
    for (int attempt = 0; attempt < params.maxAttempts(); attempt++) {
      double[] noise = new double[7];
      for (int i = 0; i < 7; i++) noise[i] = params.armNoiseSigma() * gaussian(rng);
      List<RegionPlacementSampler.Placement> placements = sampler.sample(rng);
      if (placements == null) continue;
      double[] state = compose(noise, placements);
      if (check(state).refusal() == null) return state;
    }
    throw new IllegalStateException("no valid training init state for task " + taskId + " (" + benchmark.taskNames().get(taskId) + ") index "
        + index + " in " + params.maxAttempts() + " draws");
  }

  /** States {@code 0..n−1}. */
  public List<double[]> states(int n) {
    List<double[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(state(i));
    return out;
  }

  private double[] compose(double[] armNoise, List<RegionPlacementSampler.Placement> placements) {
    env.reset();
    MjData d = env.world().data();
    double[] q = d.qpos();
    for (int i = 0; i < 7; i++) q[armQpos[i]] = LiberoEnv.INIT_QPOS[i] + armNoise[i];
    for (RegionPlacementSampler.Placement p : placements) {
      int adr = objectAddr.get(p.object())[0];
      System.arraycopy(p.pos(), 0, q, adr, 3);
      System.arraycopy(p.quatQpos(), 0, q, adr + 3, 4);
    }
    MjModel m = env.world().model();
    double[] state = new double[1 + m.nq() + m.nv()];
    System.arraycopy(q, 0, state, 1, m.nq());
    return state;
  }

  /**
   * Plays the start of an episode from {@code state} and measures the objects: {@code reset}, {@code
   * set_init_state}, {@link Params#settleSteps} hold steps.
   *
   * @param state {@code [time, qpos, qvel]} of this task's scene
   * @return the verdict and the worst motion measured
   */
  public Check check(double[] state) {
    env.reset();
    env.setInitState(state);
    MjData d = env.world().data();
    Map<String, double[]> pos0 = new LinkedHashMap<>(), up0 = new LinkedHashMap<>();
    double[] mat = new double[9];
    for (var e : objectAddr.entrySet()) {
      double[] p = new double[3];
      d.bodyPos(e.getValue()[2], p);
      pos0.put(e.getKey(), p);
      d.bodyMat(e.getValue()[2], mat);
      up0.put(e.getKey(), new double[] {mat[6], mat[7], mat[8]}); // world z in the body frame: row 3 of R
    }
    boolean unstable = false;
    for (int s = 0; s < params.settleSteps() && !unstable; s++) {
      env.step(HOLD);
      for (double v : d.qvel()) if (!Double.isFinite(v)) unstable = true;
    }
    if (unstable) return new Check("unstable simulation", Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    double shiftXy = 0, drop = 0, rise = 0, tilt = 0, speed = 0;
    String refusal = null;
    double[] p = new double[3];
    for (var e : objectAddr.entrySet()) {
      String o = e.getKey();
      d.bodyPos(e.getValue()[2], p);
      double[] a = pos0.get(o);
      double sxy = Math.hypot(p[0] - a[0], p[1] - a[1]), dz = p[2] - a[2];
      d.bodyMat(e.getValue()[2], mat);
      double[] u = up0.get(o); // the body-frame vector that pointed up: where does it point now
      double vz = mat[6] * u[0] + mat[7] * u[1] + mat[8] * u[2];
      double t = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, vz))));
      int dof = e.getValue()[1];
      double v = Math.sqrt(d.qvel(dof) * d.qvel(dof) + d.qvel(dof + 1) * d.qvel(dof + 1) + d.qvel(dof + 2) * d.qvel(dof + 2));
      shiftXy = Math.max(shiftXy, sxy);
      drop = Math.max(drop, -dz);
      rise = Math.max(rise, dz);
      tilt = Math.max(tilt, t);
      speed = Math.max(speed, v);
      if (refusal == null) {
        if (sxy > params.maxShiftXy()) refusal = o + " slid " + sxy + " m";
        else if (-dz > params.maxDrop()) refusal = o + " fell " + -dz + " m";
        else if (dz > params.maxRise()) refusal = o + " rose " + dz + " m";
        else if (t > params.maxTiltDegrees()) refusal = o + " tipped " + t + "°";
        else if (v > params.maxSpeed()) refusal = o + " still moves at " + v + " m/s";
      }
    }
    if (refusal == null) refusal = touching(d);
    return new Check(refusal, shiftXy, drop, rise, tilt, speed);
  }

  /** A contact between two objects, or between an object and the robot, named; null if none. */
  private String touching(MjData d) {
    MjModel m = env.world().model();
    Map<Integer, String> roots = new LinkedHashMap<>();
    for (var e : objectAddr.entrySet()) roots.put(m.bodyRootId(e.getValue()[2]), e.getKey());
    for (int c = 0; c < d.contactCount(); c++) {
      if (d.contactExcluded(c)) continue;
      int r1 = m.bodyRootId(m.geomBodyId(d.contactGeom1(c))), r2 = m.bodyRootId(m.geomBodyId(d.contactGeom2(c)));
      if (r1 == r2) continue;
      String a = roots.get(r1), b = roots.get(r2);
      if (a == null && b == null) continue;
      if (a != null && b != null) return a + " touches " + b;
      String other = m.name(MjObj.BODY, a == null ? r1 : r2);
      if (other.startsWith("robot0_") || other.startsWith("mount0_") || other.startsWith("gripper0_")) {
        return (a == null ? b : a) + " touches the robot (" + other + ")";
      }
    }
    return null;
  }

  /** A standard normal from two uniforms (Box–Muller, StrictMath: the same bits on every JVM). */
  static double gaussian(SplittableRandom rng) {
    double u1 = 1.0 - rng.nextDouble(); // (0, 1]
    double u2 = rng.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
  }

  @Override
  public void close() {
    env.close();
  }
}
