package org.vla4j.sim.expert;

import org.vla4j.sim.suite.Seeds;
import org.vla4j.sim.robot.ControllerConfig;
import org.vla4j.sim.robot.OscPoseController;
import org.vla4j.sim.robot.PandaRobot;
import org.vla4j.sim.suite.GroceryCatalog;
import org.vla4j.sim.suite.GroceryObject;
import org.vla4j.sim.suite.InitStateGenerator;
import org.vla4j.sim.suite.PandaScene;
import org.vla4j.sim.suite.TaskScene;
import org.vla4j.mujoco.MjData;

/**
 * A privileged scripted policy for suite {@code object}: it reads the true poses of the target
 * and the basket and drives the gripper through waypoints — hover over the target (yaw aligned
 * to grasp a box across its narrow side), descend, close, lift, carry over the basket, lower
 * (until the hand reaches its release height or the target's base is {@code RELEASE_BASE} or less
 * above the basket floor), open, retreat — emitting actions in the same normalized OSC_POSE space
 * a learned policy uses. If the target is not in the hand after lifting, it starts over from the hover. With
 * {@link Noise} it adds seeded Gaussian action noise and occasional random pushes, so
 * demonstrations cover recoveries.
 *
 * <p>Not thread-safe; one per episode or reset between episodes. All randomness comes from the
 * seed given to {@link #reset}.
 */
public final class ScriptedExpert {
  /**
   * Action noise for diverse demonstrations.
   *
   * @param sigma standard deviation of Gaussian noise on the 6 arm components (normalized units)
   * @param pushProbability chance per step of starting a push: a random constant arm action held
   *     for {@code pushSteps} steps
   * @param pushSteps length of a push, steps
   * @param detourProbability chance per episode of a detour: while the script still seeks its
   *     target, for {@link #DETOUR_MIN_STEPS}–{@link #DETOUR_MAX_STEPS} steps the executed action
   *     heads for a random distractor instead, so the data hold hands hovering over the wrong object
   *     labelled (DART) with the way to the right one; in [0, 1]. Without it a learned policy may
   *     learn "go to the object under the hand" (true in nearly every frame of a clean demonstration)
   *     instead of reading the instruction.
   * @param earlyCloseProbability chance per episode that, early in the descent, the executed gripper
   *     closes for {@link #EARLY_CLOSE_MIN_STEPS}–{@link #EARLY_CLOSE_MAX_STEPS} steps while the label
   *     stays "open": the data then show fingers closed above the object labelled "open and go on",
   *     the recovery a learned policy needs after closing too soon; in [0, 1]
   */
  public record Noise(double sigma, double pushProbability, int pushSteps, double detourProbability,
      double earlyCloseProbability) {
    /** No noise: the evaluation expert. */
    public static final Noise NONE = new Noise(0, 0, 0, 0, 0);

    /** Noise without detours or early closes. */
    public Noise(double sigma, double pushProbability, int pushSteps) {
      this(sigma, pushProbability, pushSteps, 0, 0);
    }
  }

  /** Shortest and longest early close, control steps. */
  public static final int EARLY_CLOSE_MIN_STEPS = 3, EARLY_CLOSE_MAX_STEPS = 10;

  /** Shortest and longest detour, control steps. */
  public static final int DETOUR_MIN_STEPS = 12, DETOUR_MAX_STEPS = 28;

  /** Phases of the script, in order. */
  public enum Phase { HOVER, DESCEND, CLOSE, LIFT, CARRY, LOWER, RELEASE, RETREAT, DONE }

  static final double POS_GAIN = 1.5;
  static final double ROT_GAIN = 1.5;
  /** Weak, dead-banded tilt correction: strong orientation demands near robosuite's home wind the wrist into its joint-6 limit. */
  static final double TILT_GAIN = 0.3;
  static final double TILT_DEADBAND = 0.05;
  static final double HOVER_CLEARANCE = 0.10;
  static final double CARRY_CLEARANCE = 0.05;
  /** Finger-gap change per control step below which the fingers count as settled, metres. */
  static final double FINGERS_SETTLED = 0.0005;
  /** Lift speed at the grasp height and how far above it the lift reaches full carry speed (m). */
  static final double LIFT_START_SPEED = 0.2;
  static final double LIFT_RAMP = 0.03;

  /**
   * Release once the target's base is this far or less above the basket floor (m): a band 3 cm above
   * the hand's release height, measured on the object. With the hand's band alone, a policy whose hand
   * hovers 3–7 cm above the release height, holding a carton in the basket's middle, is labelled
   * "lower" for the rest of the episode and dithers between lowering and letting go; a carton held
   * higher up its side never lets the hand reach the release height at all.
   */
  static final double RELEASE_BASE = 0.05;

  /** Hover point reached: within this distance in the plane and in height, with the yaw error below YAW_ALIGNED (m, m, rad). */
  static final double HOVER_XY = 0.012, HOVER_Z = 0.02, YAW_ALIGNED = 0.06;
  /** Close band around the grasp point, crossed while still descending (m in the plane, m in height). */
  static final double CLOSE_XY = 0.008, CLOSE_Z = 0.011;
  /** Finger gap above which a hand in a carrying phase counts as never having closed (labeller only), metres. */
  static final double GAP_OPEN = 2 * PandaRobot.FINGER_OPEN - 0.005; // above the widest grasp (6.8 cm)
  /** Height of the target's base above the table top at which a held target counts as picked up (labeller only), metres. */
  static final double PICKED_UP = 0.02;

  private final Noise noise;
  private final double inputMax;
  private final boolean labeller;
  private long rngState;
  private Phase phase;
  private int phaseSteps;
  private int pushLeft;
  private final double[] push = new double[6];
  private double[] downAxis;
  private double[] lastClean;
  private double[] closeAt;
  private double lastGap = Double.NaN;
  private int steps;
  private int detourStart = -1, detourEnd = -1;
  private double detourPick, detourClearance;
  private int earlyCloseStep = -1, earlyCloseLeft;

  public ScriptedExpert(Noise noise) {
    this(noise, ControllerConfig.DEFAULT);
  }

  /**
   * An expert that speaks to a controller with input range {@code input}: it plans in the unit
   * range as always (noise included) and multiplies the six arm components by {@code
   * input.inputMax()}, so the env receives the same motions in that controller's units.
   */
  public ScriptedExpert(Noise noise, ControllerConfig input) {
    this(noise, input, false);
  }

  private ScriptedExpert(Noise noise, ControllerConfig input, boolean labeller) {
    this.noise = noise;
    this.inputMax = input.inputMax();
    this.labeller = labeller;
  }

  /**
   * A noise-free expert that labels states another agent drives (DAgger, Ross et al. 2011,
   * arXiv:1011.0686): call {@link #act} on every step and record {@link #lastCleanAction}, but
   * execute the other agent's action. Its script resynchronizes with what the driver did, where
   * the expert itself needs an exact sequence of waypoints:
   * <ul>
   *   <li>a hand over the target (xy within the hover tolerance, yaw aligned) anywhere between hover
   *       and grasp height is descending, however it got there (HOVER → DESCEND);
   *   <li>fingers closing (gap below {@link #GAP_OPEN}) with the hand in the close band of the grasp
   *       point are grasping (HOVER/DESCEND → CLOSE), so the label is "close", not "open";
   *   <li>a target already picked up (between the fingers, its base {@link #PICKED_UP} above the table top)
   *       is lifted on (→ LIFT) instead of "open and descend";
   *   <li>fingers still open in a carrying phase (the driver never closed) send it back to HOVER
   *       instead of "carry with closed gripper".
   * </ul>
   * And its descent to the grasp and its descent into the basket have no step limit (the script's
   * 40 and 30 steps): a label must be a function of the state, and a driver holding still over the
   * basket with the target would otherwise get "go down" for 30 frames and then "open" for the same
   * frame. Without a driver it behaves nearly as {@code new ScriptedExpert(NONE)}: these rules only
   * catch states the script would reach a step or two later, and its descents end in their bands.
   */
  public static ScriptedExpert labeller() {
    return new ScriptedExpert(Noise.NONE, ControllerConfig.DEFAULT, true);
  }

  /** Starts an episode: phase HOVER, random stream from {@code seed}. */
  public void reset(long seed) {
    rngState = seed;
    phase = Phase.HOVER;
    phaseSteps = 0;
    pushLeft = 0;
    downAxis = null;
    closeAt = null;
    lastGap = Double.NaN;
    steps = 0;
    detourStart = detourEnd = -1;
    // drawn only when detours are on, so the noise stream of detour-free experts is unchanged
    if (noise.detourProbability() > 0 && nextUniform() < noise.detourProbability()) {
      detourStart = (int) (nextUniform() * 15);
      detourEnd = detourStart + DETOUR_MIN_STEPS + (int) (nextUniform() * (DETOUR_MAX_STEPS - DETOUR_MIN_STEPS + 1));
      detourPick = nextUniform();
      detourClearance = 0.05 + 0.06 * nextUniform();
    }
    earlyCloseStep = -1;
    earlyCloseLeft = 0;
    if (noise.earlyCloseProbability() > 0 && nextUniform() < noise.earlyCloseProbability()) {
      earlyCloseStep = 1 + (int) (nextUniform() * 6); // DESCEND step at which the fingers start closing
      earlyCloseLeft = EARLY_CLOSE_MIN_STEPS + (int) (nextUniform() * (EARLY_CLOSE_MAX_STEPS - EARLY_CLOSE_MIN_STEPS + 1));
    }
  }

  public Phase phase() {
    return phase;
  }

  /**
   * The action {@link #act} last computed before its noise was added: the label a demonstration
   * records while the noisy action is executed (DART, Laskey et al. 2017, arXiv:1703.09327), so the
   * data cover recoveries without teaching the noise.
   *
   * @throws IllegalStateException before the first {@code act}
   */
  public double[] lastCleanAction() {
    if (lastClean == null) throw new IllegalStateException("act() has not been called");
    return lastClean.clone();
  }

  /**
   * The next action for the current state.
   *
   * @return {@code [dx, dy, dz, rx, ry, rz, gripper]}: arm components in [−inputMax, inputMax]
   *     (see {@link #ScriptedExpert(Noise, ControllerConfig)}), gripper −1 open / +1 close
   */
  public double[] act(TaskScene scene, MjData d) {
    PandaRobot robot = scene.robot();
    double[] eef = new double[3], hand = new double[9], obj = new double[3], objMat = new double[9], basket = new double[3];
    d.sitePos(robot.gripSite(), eef);
    d.siteMat(robot.gripSite(), hand);
    d.bodyPos(scene.objectBody(0), obj);
    d.bodyMat(scene.objectBody(0), objMat);
    d.bodyPos(scene.basketBody(), basket);
    if (downAxis == null) {
      // Keep the hand's pointing direction of the start pose (robosuite's home, 7° from vertical):
      // straight down would drive the wrist into the singularity where joints 5 and 7 align.
      downAxis = new double[] {hand[2], hand[5], hand[8]};
    }
    GroceryObject target = scene.target();
    double graspZ = obj[2] + target.graspHeight();
    double tableZ = PandaScene.TABLE_TOP_Z;
    double rim = basket[2] + GroceryCatalog.BASKET_FLOOR + GroceryCatalog.BASKET_WALL_HEIGHT;
    double carryZ = Math.max(rim + CARRY_CLEARANCE + target.graspHeight(), tableZ + target.height() + HOVER_CLEARANCE);

    double[] goal;
    double gripper;
    double yawTarget = graspYawError(target, objMat, hand);
    boolean holding = holding(scene, d, eef, obj, objMat);
    double gap = Math.abs(d.qpos(robot.fingerQpos()[0])) + Math.abs(d.qpos(robot.fingerQpos()[1]));
    boolean fingersSettled = !Double.isNaN(lastGap) && Math.abs(gap - lastGap) < FINGERS_SETTLED;
    lastGap = gap;
    double hoverZ = Math.max(graspZ + HOVER_CLEARANCE, tableZ + target.height() + 0.04);
    if (labeller) resynchronize(holding, obj, graspZ, gap, eef, yawTarget, hoverZ);
    phaseSteps++;
    switch (phase) {
      case HOVER -> {
        goal = new double[] {obj[0], obj[1], hoverZ};
        gripper = -1;
        if (near(eef, goal, HOVER_XY, HOVER_Z) && Math.abs(yawTarget) < YAW_ALIGNED) next(Phase.DESCEND);
      }
      case DESCEND -> {
        goal = new double[] {obj[0], obj[1], graspZ};
        gripper = -1;
        // a band the arm crosses while still moving: a target it only creeps toward would leave a
        // learned policy, whose distance estimate is a little off, stalled just short of it
        if (near(eef, goal, CLOSE_XY, CLOSE_Z) || !labeller && phaseSteps > 40) {
          next(Phase.CLOSE);
          closeAt = goal;
        }
      }
      case CLOSE -> {
        goal = closeAt; // hold where the grasp began: following a pushed object would drag it further
        gripper = 1;
        yawTarget = 0;
        // lift once the fingers stop moving (visible in the images), not after a fixed count of
        // steps: a policy that sees one frame at a time cannot count steps of an unchanging scene
        if ((phaseSteps >= 3 && fingersSettled) || phaseSteps >= 12) next(Phase.LIFT);
      }
      case LIFT -> {
        goal = new double[] {closeAt[0], closeAt[1], carryZ}; // straight up from where the grasp began
        gripper = 1;
        yawTarget = 0;
        if (!holding && phaseSteps > 6) next(Phase.HOVER);
        else if (Math.abs(eef[2] - carryZ) < 0.02) next(Phase.CARRY);
      }
      case CARRY -> {
        goal = new double[] {basket[0], basket[1], carryZ};
        gripper = 1;
        yawTarget = 0;
        if (!holding) next(Phase.HOVER);
        else if (near(eef, goal, 0.015, 0.03)) next(Phase.LOWER);
      }
      case LOWER -> {
        double releaseZ = basket[2] + GroceryCatalog.BASKET_FLOOR + 0.02 + target.graspHeight();
        goal = new double[] {basket[0], basket[1], Math.max(releaseZ, eef[2] - 0.05)};
        gripper = 1;
        yawTarget = 0;
        double baseAboveFloor = obj[2] - basket[2] - GroceryCatalog.BASKET_FLOOR;
        if (!holding) next(Phase.HOVER);
        else if (Math.abs(eef[2] - releaseZ) < 0.012 || baseAboveFloor < RELEASE_BASE || !labeller && phaseSteps > 30) next(Phase.RELEASE);
      }
      case RELEASE -> {
        goal = eef.clone();
        gripper = -1;
        yawTarget = 0;
        if ((phaseSteps >= 3 && fingersSettled) || phaseSteps >= 10) next(Phase.RETREAT);
      }
      case RETREAT -> {
        goal = new double[] {eef[0], eef[1], carryZ + 0.05};
        gripper = -1;
        yawTarget = 0;
        if (Math.abs(eef[2] - goal[2]) < 0.02) next(Phase.DONE);
      }
      default -> {
        goal = eef.clone();
        gripper = -1;
        yawTarget = 0;
      }
    }
    double[] a = new double[7];
    double speed = switch (phase) {
      // slow off the table while the grip force still builds (the gripper ramp runs on after the
      // fingers touch), full carry speed LIFT_RAMP higher up: a function of height, not of time
      case LIFT -> Math.min(0.7, LIFT_START_SPEED + (0.7 - LIFT_START_SPEED) * Math.max(0, eef[2] - closeAt[2]) / LIFT_RAMP);
      case CARRY, LOWER -> 0.7; // a gentler carry keeps the grasp from slipping
      default -> 1.0;
    };
    for (int i = 0; i < 3; i++) a[i] = clip(POS_GAIN * (goal[i] - eef[i]) / OscPoseController.POS_SCALE, speed);
    double[] rot = rotationToward(hand, downAxis, 0);
    double tilt = Math.sqrt(rot[0] * rot[0] + rot[1] * rot[1] + rot[2] * rot[2]);
    double tiltGain = tilt < TILT_DEADBAND ? 0 : TILT_GAIN;
    for (int i = 0; i < 3; i++) a[3 + i] = clip(tiltGain * rot[i] / OscPoseController.ROT_SCALE, 0.5);
    a[5] = clip(a[5] + ROT_GAIN * yawCommand(target, yawTarget) / OscPoseController.ROT_SCALE, 0.5);
    a[6] = gripper;
    lastClean = a.clone();
    boolean detour = steps >= detourStart && steps < detourEnd && phase == Phase.HOVER && scene.objects().size() > 1;
    steps++;
    if (detour) {
      // executed: head for a distractor's top; recorded: the clean action above (toward the target)
      int k = 1 + Math.min(scene.objects().size() - 2, (int) (detourPick * (scene.objects().size() - 1)));
      GroceryObject other = scene.objects().get(k);
      double[] p = new double[3];
      d.bodyPos(scene.objectBody(k), p);
      double[] g = {p[0], p[1], tableZ + other.height() + detourClearance}; // fingertips 5-11 cm above its top
      for (int i = 0; i < 3; i++) a[i] = clip(POS_GAIN * (g[i] - eef[i]) / OscPoseController.POS_SCALE, 1.0);
    }
    addNoise(a);
    if (earlyCloseLeft > 0 && (earlyCloseStep == 0 || earlyCloseStep > 0 && phase == Phase.DESCEND && phaseSteps >= earlyCloseStep)) {
      a[6] = 1; // executed only: the label (lastClean) keeps the script's "open"
      earlyCloseStep = 0; // once started, runs its length even if the phase moves on
      earlyCloseLeft--;
    }
    if (inputMax != 1.0) {
      for (int i = 0; i < 6; i++) {
        a[i] *= inputMax;
        lastClean[i] *= inputMax;
      }
    }
    return a;
  }

  /** The labeller's two rules (see {@link #labeller}). */
  private void resynchronize(boolean holding, double[] obj, double graspZ, double gap, double[] eef, double yaw, double hoverZ) {
    boolean seeking = phase == Phase.HOVER || phase == Phase.DESCEND || phase == Phase.CLOSE;
    boolean carrying = phase == Phase.LIFT || phase == Phase.CARRY || phase == Phase.LOWER;
    double xy = Math.hypot(eef[0] - obj[0], eef[1] - obj[1]);
    if (seeking && holding && gap < GAP_OPEN && obj[2] > PandaScene.TABLE_TOP_Z + PICKED_UP) {
      next(Phase.LIFT);
      closeAt = eef.clone(); // lift straight up from here
    } else if (carrying && gap >= GAP_OPEN && phaseSteps >= 3) {
      next(Phase.HOVER);
    } else if ((phase == Phase.HOVER || phase == Phase.DESCEND) && gap < GAP_OPEN && xy < CLOSE_XY && Math.abs(eef[2] - graspZ) < CLOSE_Z) {
      next(Phase.CLOSE);
      closeAt = new double[] {obj[0], obj[1], graspZ};
    } else if (phase == Phase.HOVER && xy < HOVER_XY && Math.abs(yaw) < YAW_ALIGNED && eef[2] < hoverZ + HOVER_Z && eef[2] > graspZ - CLOSE_Z) {
      next(Phase.DESCEND);
    }
  }

  private void next(Phase p) {
    phase = p;
    phaseSteps = 0;
  }

  /** Whether the target is between the fingers and lifted off the table. */
  private static boolean holding(TaskScene scene, MjData d, double[] eef, double[] obj, double[] objMat) {
    double h = scene.target().graspHeight();
    double gx = obj[0] + objMat[2] * h, gy = obj[1] + objMat[5] * h, gz = obj[2] + objMat[8] * h;
    double dist = Math.sqrt((gx - eef[0]) * (gx - eef[0]) + (gy - eef[1]) * (gy - eef[1]) + (gz - eef[2]) * (gz - eef[2]));
    return dist < 0.05;
  }

  private static boolean near(double[] p, double[] goal, double xyTol, double zTol) {
    return Math.hypot(p[0] - goal[0], p[1] - goal[1]) < xyTol && Math.abs(p[2] - goal[2]) < zTol;
  }

  /**
   * Yaw (about world z) that turns the hand's finger axis (its y) across the object's narrow side
   * (object y), modulo π since the gripper is symmetric; modulo π/2 for a box square in plan (milk,
   * orange juice), which either pair of faces fits; 0 for round objects. Radians, in (−π/2, π/2]
   * or (−π/4, π/4].
   */
  public static double graspYawError(GroceryObject o, double[] objMat, double[] hand) {
    if (o.roundInPlan()) return 0;
    double handY = Math.atan2(hand[4], hand[1]);
    double objY = Math.atan2(objMat[4], objMat[1]);
    double e = objY - handY;
    // a square carton fits at every quarter turn: modulo π, a hand at 90° to it would be labelled
    // "turn 90°", and near ±90° the label would flip sign between nearly equal images
    double period = o.squareInPlan() ? Math.PI / 2 : Math.PI;
    while (e > period / 2) e -= period;
    while (e < -period / 2) e += period;
    return e;
  }

  /**
   * The yaw error as the expert turns on it (rad): {@code sin(k·e)/k} with {@code k = 2π/period}
   * (period π, or π/2 for a box square in plan), which is {@code e} near zero and falls to zero at
   * the ends ±period/2. A label proportional to {@code e} jumps from its largest value to its most
   * negative one where {@code e} wraps: a hand half a period off, whose images look alike on both
   * sides, would be labelled "turn at full rate" one way or the other, and a policy would turn back and forth.
   */
  static double yawCommand(GroceryObject o, double e) {
    if (o.roundInPlan()) return 0;
    double k = o.squareInPlan() ? 4 : 2;
    return Math.sin(k * e) / k;
  }

  /**
   * World-frame rotation vector that turns the hand's z axis back to {@code down} (a unit
   * vector), plus {@code yaw} about world z.
   */
  static double[] rotationToward(double[] hand, double[] down, double yaw) {
    double zx = hand[2], zy = hand[5], zz = hand[8]; // hand z axis in world
    double ax = zy * down[2] - zz * down[1], ay = zz * down[0] - zx * down[2], az = zx * down[1] - zy * down[0];
    double s = Math.sqrt(ax * ax + ay * ay + az * az);
    double c = zx * down[0] + zy * down[1] + zz * down[2];
    double angle = StrictMath.atan2(s, c);
    double[] r = new double[3];
    if (s > 1e-9) {
      r[0] = ax / s * angle;
      r[1] = ay / s * angle;
      r[2] = az / s * angle;
    }
    r[2] += yaw;
    return r;
  }

  private void addNoise(double[] a) {
    if (noise.sigma() <= 0 && noise.pushProbability() <= 0) return;
    if (pushLeft == 0 && nextUniform() < noise.pushProbability()) {
      pushLeft = noise.pushSteps();
      for (int i = 0; i < 6; i++) push[i] = (i < 3 ? 0.8 : 0.3) * (2 * nextUniform() - 1);
    }
    for (int i = 0; i < 6; i++) {
      double v = a[i] + noise.sigma() * nextGaussian();
      if (pushLeft > 0) v = push[i];
      a[i] = clip(v);
    }
    if (pushLeft > 0) pushLeft--;
  }

  private double nextUniform() {
    rngState += Seeds.GOLDEN_GAMMA;
    return (Seeds.mix(rngState) >>> 11) * 0x1.0p-53;
  }

  /** Box–Muller with StrictMath, so noise is bit-identical on every JVM and CPU. */
  private double nextGaussian() {
    double u1 = Math.max(nextUniform(), 1e-300), u2 = nextUniform();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
  }

  static double clip(double v) {
    return clip(v, 1);
  }

  static double clip(double v, double limit) {
    return Math.max(-limit, Math.min(limit, v));
  }
}
