package org.vla4j.sim.libero.env;

import org.vla4j.mujoco.MjData;
import org.vla4j.mujoco.MjModel;
import org.vla4j.mujoco.MjObj;
import org.vla4j.sim.libero.scene.LiberoScene;

/**
 * A LIBERO task's environment semantics on a composed scene, as robosuite 1.4.1's {@code SingleArmEnv}
 * and LIBERO's {@code BDDLBaseDomain} run it: {@link #reset} puts the Panda at its {@code init_qpos} and the
 * fingers at the gripper's init, and resets the controller there; {@link #setInitState} is LIBERO's
 * {@code set_init_state}; one {@link #step} is 25 substeps of 0.002 s, each {@code mj_forward}, the
 * controller ({@link RobosuiteOsc}; goal only on the first substep), the gripper ramp and {@code mj_step};
 * success is the goal predicate after the last substep (reward 1 and done exactly then).
 *
 * <p>Gripper ({@code grippers/panda_gripper.py: format_action}, {@code robots/single_arm.py: grip_action}):
 * the command −1 open … +1 close moves the finger state by ±0.01 per substep, clipped to [−1, 1], mapped
 * linearly onto each finger actuator's ctrlrange (fingers in opposite directions).
 */
public final class LiberoEnv implements AutoCloseable {
  /** Panda home posture of LIBERO's robot classes, radians. */
  public static final double[] INIT_QPOS = {0, -0.161037389, 0.00, -2.44459747, 0.00, 2.22675220, Math.PI / 4};
  /** PandaGripper {@code init_qpos}, metres. */
  public static final double[] GRIPPER_INIT_QPOS = {0.020833, -0.020833};
  /** Physics substeps per env step (control 20 Hz, timestep 0.002 s). */
  public static final int SUBSTEPS = 25;
  /** Gripper ramp per substep. */
  public static final double GRIPPER_SPEED = 0.01;

  /** robosuite's observable sampling period, 1 / control_freq, seconds. */
  public static final double OBS_SAMPLING = 1.0 / 20;
  /** The time each observable update adds to the sampling timer ({@code model_timestep}), seconds. */
  public static final double OBS_UPDATE_DT = 0.002;

  /**
   * The low-dimensional observations as robosuite's {@code Observable}s last sampled them (robosuite
   * conventions: metres, radians, rad/s, quaternions xyzw; objects by instance name, root bodies).
   */
  public record Observation(double[] eefPos, double[] eefQuatXyzw, double[] gripperQpos, double[] jointPos, double[] jointVel,
      java.util.Map<String, double[]> objectPos, java.util.Map<String, double[]> objectQuatXyzw) {}

  /** What one env step returned. */
  public record StepResult(double reward, boolean done, boolean success) {}

  private final LiberoWorld world;
  private final RobosuiteOsc osc;
  private final int[] armAct = new int[7];
  private final int[] fingerAct = new int[2];
  private final double[][] fingerRange = new double[2][];
  private final double[] gripperState = new double[2];
  private double obsTimer;
  private boolean obsSampled;
  private Observation observation;
  private final LiberoCameras cameras;
  private LiberoCameras.Frames frames;

  /** An environment on a composed scene (compiles it), without cameras. */
  public LiberoEnv(LiberoScene scene) {
    this(scene, null);
  }

  /**
   * An environment on a composed scene (compiles it) whose observations include the two camera images,
   * rendered at the same moment as the other observations ({@link #frames()}).
   *
   * @param cameras how to render them ({@link LiberoCameras.Settings#libero}), or null for no cameras
   * @throws org.vla4j.mujoco.MujocoException if cameras are asked for and no OpenGL context can be made
   */
  public LiberoEnv(LiberoScene scene, LiberoCameras.Settings cameras) {
    this(scene, cameras, null);
  }

  /**
   * As {@link #LiberoEnv(LiberoScene, LiberoCameras.Settings)}, the cameras drawing on an existing GL context
   * (one per thread, shared by the envs of several tasks; {@link #close} leaves it open), or on one of their
   * own when {@code gl} is null.
   */
  public LiberoEnv(LiberoScene scene, LiberoCameras.Settings cameras, org.vla4j.mujoco.EglContext gl) {
    this.world = new LiberoWorld(scene);
    try {
      this.cameras = cameras == null ? null : new LiberoCameras(world.model(), cameras, gl);
    } catch (RuntimeException e) {
      world.close();
      throw e;
    }
    MjModel m = world.model();
    this.osc = new RobosuiteOsc(m, INIT_QPOS);
    for (int i = 0; i < 7; i++) armAct[i] = m.id(MjObj.ACTUATOR, "robot0_torq_j" + (i + 1));
    fingerAct[0] = m.id(MjObj.ACTUATOR, "gripper0_gripper_finger_joint1");
    fingerAct[1] = m.id(MjObj.ACTUATOR, "gripper0_gripper_finger_joint2");
    for (int i = 0; i < 2; i++) fingerRange[i] = m.actuatorCtrlRange(fingerAct[i]);
    reset();
  }

  /** The world (model, data, observations, predicates). */
  public LiberoWorld world() {
    return world;
  }

  /** The controller. */
  public RobosuiteOsc controller() {
    return osc;
  }

  /**
   * {@code env.reset()} as far as the physics and controller are concerned (deterministic: no
   * initialization noise; objects stay where they are — LIBERO's samplers place them, and every episode
   * overwrites them with {@link #setInitState}).
   */
  public void reset() {
    MjData d = world.data();
    d.reset();
    double[] q = d.qpos();
    MjModel m = world.model();
    for (int i = 0; i < 7; i++) q[m.jointQposAddress(m.id(MjObj.JOINT, "robot0_joint" + (i + 1)))] = INIT_QPOS[i];
    q[m.jointQposAddress(m.id(MjObj.JOINT, "gripper0_finger_joint1"))] = GRIPPER_INIT_QPOS[0];
    q[m.jointQposAddress(m.id(MjObj.JOINT, "gripper0_finger_joint2"))] = GRIPPER_INIT_QPOS[1];
    d.setQpos(q);
    d.forward();
    osc.reset(d);
    gripperState[0] = 0;
    gripperState[1] = 0;
    obsTimer = 0;
    updateObservables(true);
  }

  /**
   * robosuite's {@code Observable.update(model_timestep, force)}: the timer advances by 0.002 s on every
   * call (forced ones too); a sample is taken when forced, or when not yet sampled in this period and
   * {@code 0.05 >= timer}; once {@code timer >= 0.05} it wraps ({@code %=}) and the period restarts unsampled.
   * After reset and set_init_state (two forced updates) this lands on substep 24 of every env step.
   */
  private void updateObservables(boolean force) {
    obsTimer += OBS_UPDATE_DT;
    if ((!obsSampled && OBS_SAMPLING >= obsTimer) || force) {
      observation = sample();
      obsSampled = true;
    }
    if (obsTimer >= OBS_SAMPLING) {
      if (!obsSampled) observation = sample();
      obsTimer %= OBS_SAMPLING;
      obsSampled = false;
    }
  }

  private Observation sample() {
    if (cameras != null) frames = cameras.render(world.data());
    java.util.Map<String, double[]> pos = new java.util.LinkedHashMap<>();
    java.util.Map<String, double[]> quat = new java.util.LinkedHashMap<>();
    for (String name : world.scene().objectRootBodies().keySet()) {
      pos.put(name, world.objectPos(name));
      quat.put(name, world.objectQuatXyzw(name));
    }
    return new Observation(world.eefPos(), world.eefQuatXyzw(), world.gripperQpos(), world.jointPos(), world.jointVel(), pos, quat);
  }

  /** The observations as robosuite returns them after the last reset, set_init_state or step. */
  public Observation observation() {
    return observation;
  }

  /**
   * The camera images sampled with {@link #observation()} ({@code agentview_image},
   * {@code robot0_eye_in_hand_image}, bottom-up), or null when the env has no cameras.
   */
  public LiberoCameras.Frames frames() {
    return frames;
  }

  /** LIBERO's {@code set_init_state} (see {@link LiberoWorld#setInitState}); the controller keeps its goal. */
  public void setInitState(double[] state) {
    world.setInitState(state);
    updateObservables(true);
  }

  /**
   * One env step.
   *
   * @param action {@code [dx, dy, dz, rx, ry, rz, gripper]} in [−1, 1]
   * @throws IllegalArgumentException if the action is not 7 finite numbers
   */
  public StepResult step(double[] action) {
    if (action.length != 7) throw new IllegalArgumentException("a LIBERO action has 7 numbers [dx, dy, dz, rx, ry, rz, gripper], got " + action.length);
    for (double a : action) if (!Double.isFinite(a)) throw new IllegalArgumentException("non-finite action " + java.util.Arrays.toString(action));
    MjData d = world.data();
    for (int s = 0; s < SUBSTEPS; s++) {
      // robosuite runs sim.forward(), the controller, then sim.step(), whose own forward repeats the position
      // and velocity stages on the same state; mj_step1 / mj_step2 compute them once, and the extra
      // acceleration stage (with the old ctrl) changes nothing that the step reads: the states are bit-identical
      d.step1();
      if (s == 0) osc.setGoal(d, action);
      double[] tau = osc.torques(d);
      for (int i = 0; i < 7; i++) d.setCtrl(armAct[i], tau[i]);
      double sign = Math.signum(action[6]);
      gripperState[0] = Math.max(-1, Math.min(1, gripperState[0] - GRIPPER_SPEED * sign));
      gripperState[1] = Math.max(-1, Math.min(1, gripperState[1] + GRIPPER_SPEED * sign));
      for (int i = 0; i < 2; i++) {
        double lo = fingerRange[i][0];
        double hi = fingerRange[i][1];
        d.setCtrl(fingerAct[i], 0.5 * (hi + lo) + 0.5 * (hi - lo) * gripperState[i]);
      }
      d.step2();
      updateObservables(false);
    }
    boolean ok = world.success();
    return new StepResult(ok ? 1.0 : 0.0, ok, ok);
  }

  @Override
  public void close() {
    if (cameras != null) cameras.close();
    world.close();
  }
}
