package org.vla4j.sim.env;

import org.vla4j.sim.robot.PandaController;
import org.vla4j.sim.robot.PandaRobot;
import org.vla4j.sim.suite.InBasket;
import org.vla4j.sim.suite.InitStateGenerator;
import org.vla4j.sim.suite.InitStates;
import org.vla4j.sim.suite.PandaScene;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.TaskScene;
import java.util.HashMap;
import java.util.Map;
import org.vla4j.mujoco.EglContext;
import org.vla4j.mujoco.MjData;
import org.vla4j.mujoco.MjObj;
import org.vla4j.mujoco.MjState;
import org.vla4j.mujoco.OffscreenRenderer;

/**
 * The tabletop environment, gymnasium style: {@link #reset} a task from an init state, then
 * {@link #step} 7-D actions. One env per thread: it owns its MuJoCo data, its GL context and a
 * renderer per task scene.
 *
 * <p>Action: {@code [dx, dy, dz, rx, ry, rz, gripper]} in [−1, 1] (OSC_POSE, see
 * {@link PandaController}). Reward: 1.0 when the suite's success predicate holds, else 0.0; done
 * = success. Observations: {@link Observation}. Source of the protocol: LIBERO (arXiv:2306.03310).
 */
public final class TabletopEnv implements Env {
  private final Suite suite;
  private final EnvConfig config;
  private final Map<Integer, Loaded> scenes = new HashMap<>();
  private EglContext gl;
  private Loaded current;

  private record Loaded(TaskScene scene, MjData data, PandaController controller, OffscreenRenderer renderer, int agentview,
      int eyeInHand) {}

  public TabletopEnv(Suite suite, EnvConfig config) {
    this.suite = suite;
    this.config = config;
  }

  @Override
  public Suite suite() {
    return suite;
  }

  private Loaded load(int taskId) {
    Loaded l = scenes.get(taskId);
    if (l != null) return l;
    TaskScene scene = TaskScene.build(suite, taskId);
    MjData data = new MjData(scene.model());
    OffscreenRenderer r = null;
    if (config.renderAgentview() || config.renderEyeInHand()) {
      if (gl == null) gl = EglContext.create();
      r = new OffscreenRenderer(scene.model(), gl, config.imageSize(), config.imageSize(), config.render().sceneFlags());
    }
    l = new Loaded(scene, data, new PandaController(scene.model(), config.controller()), r, scene.model().id(MjObj.CAMERA, PandaScene.AGENTVIEW),
        scene.model().id(MjObj.CAMERA, PandaScene.EYE_IN_HAND));
    scenes.put(taskId, l);
    return l;
  }

  /**
   * Starts an episode of a task from one of the suite's fixed init states.
   *
   * @throws IllegalArgumentException if the task id or init-state index is out of range
   */
  public Observation reset(int taskId, int initStateIndex) {
    return reset(taskId, InitStates.load(suite, taskId).get(initStateIndex));
  }

  /**
   * Starts an episode of a task from init state {@code index} of a stream: {@link
   * InitStateGenerator.Stream#EVAL} reads the suite's stored evaluation init states (as {@link
   * #reset(int, int)}), {@link InitStateGenerator.Stream#TRAIN} generates the disjoint training
   * stream's state {@code index} ({@link InitStateGenerator#generate} with the suite seed).
   *
   * @throws IllegalArgumentException if the task id or init-state index is out of range
   */
  @Override
  public Observation reset(int taskId, InitStateGenerator.Stream stream, int index) {
    return switch (stream) {
      case EVAL -> reset(taskId, index);
      case TRAIN -> reset(taskId, InitStateGenerator.generate(load(taskId).scene, stream, InitStateGenerator.SUITE_SEED, index));
    };
  }

  /**
   * Starts an episode of a task from a full-physics state ({@code mj_getState} with
   * {@code mjSTATE_FULLPHYSICS}) of that task's scene.
   *
   * @throws IllegalArgumentException if the task id is out of range or the state has the wrong size
   */
  public Observation reset(int taskId, double[] initState) {
    current = load(taskId);
    current.data.reset();
    current.data.setState(MjState.FULL_PHYSICS, initState);
    current.data.forward();
    current.controller.reset();
    return observe();
  }

  /**
   * Applies one action (1/20 s of simulated time) and evaluates the success predicate.
   *
   * @throws IllegalStateException if called before {@link #reset}
   * @throws IllegalArgumentException if the action does not have 7 components
   */
  @Override
  public StepResult step(double[] action) {
    if (current == null) throw new IllegalStateException("step() before reset()");
    MjData d = current.data;
    int warningsBefore = d.badNumberWarnings();
    current.controller.step(d, action);
    boolean unstable = d.badNumberWarnings() > warningsBefore || !finite(d.qpos()) || !finite(d.qvel());
    boolean success = !unstable && InBasket.holds(current.scene, d);
    return new StepResult(observe(), success ? 1.0 : 0.0, success, unstable);
  }

  private static boolean finite(double[] v) {
    for (double x : v) if (!Double.isFinite(x)) return false;
    return true;
  }

  private Observation observe() {
    MjData d = current.data;
    PandaRobot robot = current.scene.robot();
    byte[] agent = null, wrist = null;
    int n = config.imageSize();
    if (config.renderAgentview()) {
      agent = new byte[n * n * 3];
      current.renderer.render(d, current.agentview, agent);
    }
    if (config.renderEyeInHand()) {
      wrist = new byte[n * n * 3];
      current.renderer.render(d, current.eyeInHand, wrist);
    }
    double[] eef = new double[3];
    d.sitePos(robot.gripSite(), eef);
    double[] q = new double[4];
    d.bodyQuat(robot.handBody(), q);
    double[] joints = new double[PandaRobot.ARM_DOF];
    for (int i = 0; i < joints.length; i++) joints[i] = d.qpos(robot.armQpos()[i]);
    double[] gripper = {d.qpos(robot.fingerQpos()[0]), -d.qpos(robot.fingerQpos()[1])};
    return new Observation(agent, wrist, n, eef, new double[] {q[1], q[2], q[3], q[0]}, gripper, joints);
  }

  /** The current task's instruction. */
  @Override
  public String instruction() {
    requireEpisode();
    return current.scene.task().instruction();
  }

  /** Privileged access for scripted policies and diagnostics: the current scene. */
  public TaskScene scene() {
    requireEpisode();
    return current.scene;
  }

  /** Privileged access for scripted policies and diagnostics: the current MuJoCo data (read it, don't step it). */
  public MjData data() {
    requireEpisode();
    return current.data;
  }

  /** The controller's gripper command state in [−1, 1] (−1 open). */
  public double gripperCommand() {
    requireEpisode();
    return current.controller.gripperState();
  }

  /**
   * The OpenGL context's "vendor | renderer | version" strings (makes the context current on the
   * calling thread), or {@code "none"} before the first reset or when nothing is rendered.
   */
  @Override
  public String glDescription() {
    if (gl == null) return "none";
    return gl.glVendor() + " | " + gl.glRenderer() + " | " + gl.glVersion();
  }

  private void requireEpisode() {
    if (current == null) throw new IllegalStateException("no episode: call reset() first");
  }

  @Override
  public void close() {
    for (Loaded l : scenes.values()) {
      if (l.renderer != null) l.renderer.close();
      l.data.close();
      l.scene.close();
    }
    scenes.clear();
    if (gl != null) gl.close();
  }
}
