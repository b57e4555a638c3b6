package org.vla4j.sim.expert;

import java.util.ArrayList;
import java.util.List;
import org.vla4j.mujoco.MjData;
import org.vla4j.mujoco.MjModel;
import org.vla4j.mujoco.MjModelArray;
import org.vla4j.mujoco.MjObj;
import org.vla4j.sim.libero.bddl.BddlPredicate;
import org.vla4j.sim.libero.env.LiberoWorld;
import org.vla4j.sim.robot.ControllerConfig;

/**
 * A privileged scripted policy for LIBERO's "pick up the X and place it in the basket" tasks
 * (libero_object), on LIBERO's own scenes. It reads the goal {@code In(<object>, <container>_contain_region)}
 * from the BDDL problem and every shape from the compiled model, so it needs no per-object table: each step
 * it takes the world-frame bounding box of the target's collision geoms (boxes, cylinders, spheres,
 * capsules) and of the container's, and the direction of the fingers' slide joint.
 *
 * <p>Script: hover over the target's box centre with the fingers turned across its narrowest horizontal
 * side, descend to the grasp height ({@link #GRASP_DEPTH} below its top, no lower than its middle), close
 * until the fingers settle, lift straight up until its bottom clears the container's rim, carry over the
 * contain region, lower until its bottom is {@link #RELEASE_ABOVE_FLOOR} above the container's floor, open,
 * rise. If the target is not in the hand after the lift it starts over from the hover.
 *
 * <p>Actions are robosuite's OSC_POSE delta commands: position ±1 ↔ ±0.05 m, rotation ±1 ↔ ±0.5 rad
 * (world axes), gripper −1 open / +1 close; arm components are multiplied by the controller's input range
 * ({@link ControllerConfig#inputMax()}). Not thread-safe; {@link #reset} per episode.
 *
 * <p>Perturbations for demonstrations ({@link ScriptedExpert.Noise}, the same options and draws as the
 * tabletop expert's; DART, arXiv:1703.09327): the action {@link #act} returns (executed) gets Gaussian noise on
 * the six arm components and occasional pushes, may head above a random distractor for a while during the
 * hover (a detour), and may close the gripper early in the descent; {@link #lastAction()} stays the clean
 * script's action, the label. The perturbations are a pure function of {@link #reset(long)}'s seed and the
 * states seen; with {@link ScriptedExpert.Noise#NONE} the expert is deterministic and noise-free.
 */
public final class LiberoExpert {
  /** Phases of the script, in order. */
  public enum Phase { HOVER, DESCEND, CLOSE, LIFT, CARRY, LOWER, RELEASE, RETREAT, DONE }

  /** OSC_POSE output scale of robosuite's {@code osc_pose.json}: metres and radians per unit command. */
  static final double POS_SCALE = 0.05, ROT_SCALE = 0.5;
  static final double POS_GAIN = 1.5, YAW_GAIN = 1.0;
  /** How far below the target's top the grip site closes, metres (the finger pads are about 2 cm long). */
  static final double GRASP_DEPTH = 0.03;
  /** Lowest grip-site height above the floor, metres (the fingertips reach about 1 cm below the site). */
  static final double MIN_GRASP_Z = 0.015;
  static final double HOVER_CLEARANCE = 0.08;
  /** Clearance of the carried target's bottom over the container's rim, metres. */
  static final double CARRY_CLEARANCE = 0.04;
  /** Height of the target's bottom above the container floor at which it is let go, metres. */
  static final double RELEASE_ABOVE_FLOOR = 0.03;
  static final double HOVER_XY = 0.01, HOVER_Z = 0.02, YAW_ALIGNED = 0.08;
  static final double CLOSE_XY = 0.008, CLOSE_Z = 0.01;
  static final double FINGERS_SETTLED = 0.0005;

  private final double inputMax;
  private final ScriptedExpert.Noise noise;
  private long rngState;
  private int steps, pushLeft, detourStart = -1, detourEnd = -1, earlyCloseStep = -1, earlyCloseLeft;
  private double detourPick, detourClearance;
  private final double[] push = new double[6];
  private Phase phase;
  private int phaseSteps;
  private double[] closeAt;
  private double lastGap;
  private double[] last;

  // per-world cache, rebuilt when the world changes
  private LiberoWorld cached;
  private int[] targetGeoms, containerGeoms;
  private int eefSite, leftFinger, targetBody, regionSite;
  private int[] fingerQpos;

  /** @param input the controller input range the env uses */
  public LiberoExpert(ControllerConfig input) {
    this(input, ScriptedExpert.Noise.NONE);
  }

  /**
   * @param input the controller input range the env uses
   * @param noise the executed actions' perturbations ({@link ScriptedExpert.Noise#NONE} for evaluation)
   */
  public LiberoExpert(ControllerConfig input, ScriptedExpert.Noise noise) {
    this.inputMax = input.inputMax();
    this.noise = noise;
    reset(0);
  }

  /** Starts an episode: phase HOVER (perturbations drawn from seed 0). */
  public void reset() {
    reset(0);
  }

  /** Starts an episode: phase HOVER, perturbations drawn from {@code seed}. */
  public void reset(long seed) {
    phase = Phase.HOVER;
    phaseSteps = 0;
    closeAt = null;
    lastGap = Double.NaN;
    rngState = seed;
    steps = 0;
    pushLeft = 0;
    detourStart = detourEnd = -1;
    if (noise.detourProbability() > 0 && nextUniform() < noise.detourProbability()) {
      detourStart = (int) (nextUniform() * 15);
      int span = ScriptedExpert.DETOUR_MAX_STEPS - ScriptedExpert.DETOUR_MIN_STEPS + 1;
      detourEnd = detourStart + ScriptedExpert.DETOUR_MIN_STEPS + (int) (nextUniform() * span);
      detourPick = nextUniform();
      detourClearance = 0.05 + 0.06 * nextUniform();
    }
    earlyCloseStep = -1;
    earlyCloseLeft = 0;
    if (noise.earlyCloseProbability() > 0 && nextUniform() < noise.earlyCloseProbability()) {
      earlyCloseStep = 1 + (int) (nextUniform() * 6);
      int span = ScriptedExpert.EARLY_CLOSE_MAX_STEPS - ScriptedExpert.EARLY_CLOSE_MIN_STEPS + 1;
      earlyCloseLeft = ScriptedExpert.EARLY_CLOSE_MIN_STEPS + (int) (nextUniform() * span);
    }
  }

  /** The current phase. */
  public Phase phase() {
    return phase;
  }

  /**
   * The clean action of the last {@link #act} (the label; equal to what it returned when there is no noise), a copy.
   *
   * @throws IllegalStateException before the first {@code act}
   */
  public double[] lastAction() {
    if (last == null) throw new IllegalStateException("act() has not been called");
    return last.clone();
  }

  private void bind(LiberoWorld w) {
    if (w == cached) return;
    BddlPredicate g = w.scene().problem().goal().getFirst();
    if (!g.name().equals("in") || g.args().size() != 2) {
      throw new IllegalArgumentException("the LIBERO expert solves goals (in OBJECT CONTAINER_contain_region); this problem's goal is " + g);
    }
    String target = g.args().get(0);
    String region = g.args().get(1);
    String container = region.substring(0, region.lastIndexOf("_contain_region"));
    MjModel m = w.model();
    targetGeoms = LiberoWorld.collisionGeoms(m, target);
    containerGeoms = LiberoWorld.collisionGeoms(m, container);
    targetBody = m.id(MjObj.BODY, w.scene().objectRootBodies().get(target));
    regionSite = m.id(MjObj.SITE, region);
    eefSite = m.id(MjObj.SITE, "gripper0_grip_site");
    leftFinger = m.id(MjObj.BODY, "gripper0_leftfinger");
    fingerQpos = new int[] {m.jointQposAddress(m.id(MjObj.JOINT, "gripper0_finger_joint1")),
        m.jointQposAddress(m.id(MjObj.JOINT, "gripper0_finger_joint2"))};
    cached = w;
  }

  /**
   * World-frame bounding box {@code [xmin, ymin, zmin, xmax, ymax, zmax]} of geoms, and in {@code main} the
   * index of the largest one (by box volume).
   */
  static double[] bounds(MjModel m, MjData d, int[] geoms, int[] main) {
    double[] size = m.values(MjModelArray.GEOM_SIZE);
    double[] type = m.values(MjModelArray.GEOM_TYPE);
    double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    double best = -1;
    double[] p = new double[3], r = new double[9];
    for (int gi : geoms) {
      double[] h = halfExtents((int) type[gi], size[3 * gi], size[3 * gi + 1], size[3 * gi + 2]);
      d.geomPos(gi, p);
      d.geomMat(gi, r);
      for (int i = 0; i < 3; i++) {
        double e = Math.abs(r[3 * i]) * h[0] + Math.abs(r[3 * i + 1]) * h[1] + Math.abs(r[3 * i + 2]) * h[2];
        b[i] = Math.min(b[i], p[i] - e);
        b[3 + i] = Math.max(b[3 + i], p[i] + e);
      }
      double v = h[0] * h[1] * h[2];
      if (v > best) {
        best = v;
        if (main != null) main[0] = gi;
      }
    }
    return b;
  }

  /** Local half-extents of a geom (MuJoCo's mjtGeom: 2 sphere, 3 capsule, 4 ellipsoid, 5 cylinder, 6 box). */
  static double[] halfExtents(int type, double s0, double s1, double s2) {
    return switch (type) {
      case 2 -> new double[] {s0, s0, s0};
      case 3 -> new double[] {s0, s0, s1 + s0};
      case 5 -> new double[] {s0, s0, s1};
      case 4, 6 -> new double[] {s0, s1, s2};
      default -> new double[] {0, 0, 0};
    };
  }

  /**
   * The next action.
   *
   * @return {@code [dx, dy, dz, rx, ry, rz, gripper]}, arm components in [−inputMax, inputMax]
   */
  public double[] act(LiberoWorld w) {
    bind(w);
    MjModel m = w.model();
    MjData d = w.data();
    double[] eef = new double[3];
    d.sitePos(eefSite, eef);
    int[] main = new int[1];
    double[] ob = bounds(m, d, targetGeoms, main);
    double[] cb = bounds(m, d, containerGeoms, null);
    double[] region = new double[3];
    d.sitePos(regionSite, region);
    double[] centre = {(ob[0] + ob[3]) / 2, (ob[1] + ob[4]) / 2};
    double top = ob[5], bottom = ob[2];
    double graspZ = Math.max(Math.max(top - GRASP_DEPTH, (top + bottom) / 2), MIN_GRASP_Z);
    double rim = cb[5];
    double floor = cb[2];
    double gap = Math.abs(d.qpos(fingerQpos[0])) + Math.abs(d.qpos(fingerQpos[1]));
    boolean settled = !Double.isNaN(lastGap) && Math.abs(gap - lastGap) < FINGERS_SETTLED;
    lastGap = gap;
    double below = closeAt == null ? graspZ - bottom : closeAt[3];
    double carryZ = rim + CARRY_CLEARANCE + below;
    double hoverZ = top + HOVER_CLEARANCE;
    double yawErr = phase == Phase.HOVER || phase == Phase.DESCEND ? yawError(m, d, main[0]) : 0;
    boolean holding = Math.hypot(centre[0] - eef[0], centre[1] - eef[1]) < 0.04 && eef[2] > bottom && eef[2] < top + 0.02;
    phaseSteps++;
    double[] goal;
    double gripper;
    switch (phase) {
      case HOVER -> {
        goal = new double[] {centre[0], centre[1], hoverZ};
        gripper = -1;
        if (near(eef, goal, HOVER_XY, HOVER_Z) && Math.abs(yawErr) < YAW_ALIGNED) next(Phase.DESCEND);
      }
      case DESCEND -> {
        goal = new double[] {centre[0], centre[1], graspZ};
        gripper = -1;
        if (near(eef, goal, CLOSE_XY, CLOSE_Z) || phaseSteps > 40) {
          next(Phase.CLOSE);
          closeAt = new double[] {goal[0], goal[1], goal[2], graspZ - bottom};
        }
      }
      case CLOSE -> {
        goal = new double[] {closeAt[0], closeAt[1], closeAt[2]};
        gripper = 1;
        if ((phaseSteps >= 4 && settled) || phaseSteps >= 12) next(Phase.LIFT);
      }
      case LIFT -> {
        goal = new double[] {closeAt[0], closeAt[1], carryZ};
        gripper = 1;
        if (!holding && phaseSteps > 6) {
          next(Phase.HOVER);
          closeAt = null;
        } else if (Math.abs(eef[2] - carryZ) < 0.02) next(Phase.CARRY);
      }
      case CARRY -> {
        goal = new double[] {region[0], region[1], carryZ};
        gripper = 1;
        if (!holding) {
          next(Phase.HOVER);
          closeAt = null;
        } else if (near(eef, goal, 0.012, 0.03)) next(Phase.LOWER);
      }
      case LOWER -> {
        double releaseZ = floor + RELEASE_ABOVE_FLOOR + closeAt[3];
        goal = new double[] {region[0], region[1], Math.max(releaseZ, eef[2] - 0.04)};
        gripper = 1;
        if (!holding) {
          next(Phase.HOVER);
          closeAt = null;
        } else if (bottom < floor + RELEASE_ABOVE_FLOOR + 0.005 || phaseSteps > 30) next(Phase.RELEASE);
      }
      case RELEASE -> {
        goal = eef.clone();
        gripper = -1;
        if ((phaseSteps >= 3 && settled) || phaseSteps >= 10) next(Phase.RETREAT);
      }
      case RETREAT -> {
        goal = new double[] {eef[0], eef[1], rim + 0.1};
        gripper = -1;
        if (Math.abs(eef[2] - goal[2]) < 0.02) next(Phase.DONE);
      }
      default -> {
        goal = eef.clone();
        gripper = -1;
      }
    }
    double speed = switch (phase) {
      case LIFT, CARRY, LOWER -> 0.7;
      default -> 1.0;
    };
    double[] a = new double[7];
    for (int i = 0; i < 3; i++) a[i] = clip(POS_GAIN * (goal[i] - eef[i]) / POS_SCALE, speed) * inputMax;
    a[5] = clip(YAW_GAIN * yawErr / ROT_SCALE, 0.5) * inputMax;
    a[6] = gripper;
    last = a.clone();
    return perturb(a, w, eef);
  }

  /** The executed action: {@code clean} with the episode's detour, noise, pushes and early close. */
  private double[] perturb(double[] clean, LiberoWorld w, double[] eef) {
    double[] a = clean.clone();
    boolean detour = steps >= detourStart && steps < detourEnd && phase == Phase.HOVER;
    steps++;
    if (detour) {
      List<String> others = distractors(w);
      if (!others.isEmpty()) {
        String o = others.get(Math.min(others.size() - 1, (int) (detourPick * others.size())));
        int[] geoms = LiberoWorld.collisionGeoms(w.model(), o);
        double[] b = bounds(w.model(), w.data(), geoms, null);
        double[] g = {(b[0] + b[3]) / 2, (b[1] + b[4]) / 2, b[5] + detourClearance}; // 5-11 cm above its top
        for (int i = 0; i < 3; i++) a[i] = clip(POS_GAIN * (g[i] - eef[i]) / POS_SCALE, 1.0) * inputMax;
      }
    }
    if (noise.sigma() > 0 || noise.pushProbability() > 0) {
      if (pushLeft == 0 && nextUniform() < noise.pushProbability()) {
        pushLeft = noise.pushSteps();
        for (int i = 0; i < 6; i++) push[i] = (i < 3 ? 0.8 : 0.3) * (2 * nextUniform() - 1);
      }
      for (int i = 0; i < 6; i++) {
        double v = a[i] / inputMax + noise.sigma() * nextGaussian();
        if (pushLeft > 0) v = push[i];
        a[i] = clip(v, 1) * inputMax;
      }
      if (pushLeft > 0) pushLeft--;
    }
    if (earlyCloseLeft > 0 && (earlyCloseStep == 0 || earlyCloseStep > 0 && phase == Phase.DESCEND && phaseSteps >= earlyCloseStep)) {
      a[6] = 1; // executed only: the label keeps the script's "open"
      earlyCloseStep = 0;
      earlyCloseLeft--;
    }
    return a;
  }

  /** The BDDL objects other than the goal's target and container, in file order. */
  private static List<String> distractors(LiberoWorld w) {
    BddlPredicate g = w.scene().problem().goal().getFirst();
    String target = g.args().get(0), region = g.args().get(1);
    String container = region.substring(0, region.lastIndexOf("_contain_region"));
    List<String> out = new ArrayList<>();
    for (var o : w.scene().problem().objects()) if (!o.name().equals(target) && !o.name().equals(container)) out.add(o.name());
    return out;
  }

  private double nextUniform() {
    rngState += org.vla4j.sim.suite.Seeds.GOLDEN_GAMMA;
    return (org.vla4j.sim.suite.Seeds.mix(rngState) >>> 11) * 0x1.0p-53;
  }

  /** Box–Muller with StrictMath: the same bits on every JVM and CPU. */
  private double nextGaussian() {
    double u1 = Math.max(nextUniform(), 1e-300), u2 = nextUniform();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
  }

  /**
   * Yaw (rad, about world z) that turns the fingers' slide axis onto the narrowest horizontal side of the
   * target's largest collision geom, modulo π (the gripper is symmetric); 0 when that side is as wide as
   * the other within 10 % (round or square in plan: any direction fits).
   */
  private double yawError(MjModel m, MjData d, int geom) {
    double[] r = new double[9];
    d.geomMat(geom, r);
    double[] size = m.values(MjModelArray.GEOM_SIZE);
    int type = (int) m.values(MjModelArray.GEOM_TYPE)[geom];
    double[] h = halfExtents(type, size[3 * geom], size[3 * geom + 1], size[3 * geom + 2]);
    // the two local axes closest to horizontal
    int vertical = 0;
    for (int j = 1; j < 3; j++) if (Math.abs(r[6 + j]) > Math.abs(r[6 + vertical])) vertical = j;
    int a1 = (vertical + 1) % 3, a2 = (vertical + 2) % 3;
    if (type == 5 || type == 3) return 0; // round about its own z: only matters lying down, where width is the diameter
    double w1 = h[a1], w2 = h[a2];
    if (Math.abs(w1 - w2) < 0.1 * Math.max(w1, w2)) return 0;
    int narrow = w1 < w2 ? a1 : a2;
    double want = Math.atan2(r[3 + narrow], r[narrow]);
    double[] f = new double[9];
    d.bodyMat(leftFinger, f);
    double have = Math.atan2(f[4], f[1]); // the finger's slide axis (its local y) in the world plane
    double e = want - have;
    while (e > Math.PI / 2) e -= Math.PI;
    while (e < -Math.PI / 2) e += Math.PI;
    return e;
  }

  private void next(Phase p) {
    phase = p;
    phaseSteps = 0;
  }

  private static boolean near(double[] p, double[] goal, double xyTol, double zTol) {
    return Math.hypot(p[0] - goal[0], p[1] - goal[1]) < xyTol && Math.abs(p[2] - goal[2]) < zTol;
  }

  private static double clip(double v, double limit) {
    return Math.max(-limit, Math.min(limit, v));
  }
}
