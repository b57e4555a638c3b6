package org.vla4j.sim.env;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vla4j.mujoco.EglContext;
import org.vla4j.mujoco.MjData;
import org.vla4j.sim.libero.LiberoBenchmark;
import org.vla4j.sim.libero.env.LiberoCameras;
import org.vla4j.sim.libero.env.LiberoEnv;
import org.vla4j.sim.libero.env.LiberoWorld;
import org.vla4j.sim.libero.init.PrunedInitFile;
import org.vla4j.sim.libero.scene.LiberoScene;
import org.vla4j.sim.libero.scene.LiberoSceneComposer;
import org.vla4j.sim.suite.InitStateGenerator;
import org.vla4j.sim.suite.Suite;

/**
 * A LIBERO suite's tasks as an {@link Env}: each task's scene composed from its BDDL problem ({@link
 * LiberoSceneComposer}), stepped by {@link LiberoEnv} (robosuite 1.4.1's OSC_POSE, 25 substeps, gripper
 * ramp), success and reward from LIBERO's goal rule ({@code In}). An episode is LIBERO's {@code env.reset()}
 * then {@code set_init_state(init_states[k])} with the task's official {@code .pruned_init} state k.
 *
 * <p>Observations: the low-dimensional keys and the cameras {@code agentview} and {@code robot0_eye_in_hand}
 * as robosuite's observables sampled them, at substep 24 of 25 ({@link LiberoEnv#observation()}, {@link
 * LiberoEnv#frames()}): the frames are the ones {@code vla4j sim play} reports, rendered by {@link
 * org.vla4j.sim.libero.env.LiberoCameras} with {@link EnvConfig#liberoCameras()} (LIBERO's own settings with
 * {@link EnvConfig#LIBERO}: MuJoCo's default flags, the scene's 4 multisamples, collision geoms and robot
 * sites hidden, rows bottom-up) at {@link EnvConfig#imageSize()}.
 *
 * <p>Init-state streams: LIBERO has only its 50 official states per task, so {@link
 * InitStateGenerator.Stream#TRAIN} (data collection) reads them too, index modulo 50: demonstrations
 * collected on libero_object start from the evaluation's own states.
 *
 * <p>One env per thread; it owns one GL context, shared by the cameras of every task it has run, and one
 * compiled scene, MuJoCo data and renderer per task.
 */
public final class LiberoTaskEnv implements Env {
  /** LIBERO's camera names. */
  public static final String AGENTVIEW = "agentview", EYE_IN_HAND = "robot0_eye_in_hand";

  private final Suite suite;
  private final EnvConfig config;
  private final LiberoBenchmark benchmark;
  private final Map<Integer, Loaded> tasks = new HashMap<>();
  private EglContext gl;
  private Loaded current;
  private int currentTask = -1;

  private record Loaded(LiberoEnv env, List<double[]> initStates) {}

  /**
   * @throws IllegalArgumentException if the suite is not a LIBERO suite
   */
  public LiberoTaskEnv(Suite suite, EnvConfig config) {
    if (!suite.isLibero()) throw new IllegalArgumentException("suite '" + suite.name() + "' is not a LIBERO suite; use TabletopEnv");
    this.suite = suite;
    this.config = config;
    this.benchmark = suite.libero();
  }

  @Override
  public Suite suite() {
    return suite;
  }

  private Loaded load(int taskId) {
    suite.task(taskId); // range check with the suite's message
    Loaded l = tasks.get(taskId);
    if (l != null) return l;
    boolean render = config.renderAgentview() || config.renderEyeInHand();
    LiberoScene scene = new LiberoSceneComposer(benchmark.paths()).compose(benchmark.problems().get(taskId));
    List<double[]> states = PrunedInitFile.read(benchmark.initFiles().get(taskId));
    if (render && gl == null) gl = EglContext.create();
    LiberoEnv env = new LiberoEnv(scene, render ? config.liberoCameras() : null, gl);
    l = new Loaded(env, states);
    tasks.put(taskId, l);
    return l;
  }

  /**
   * LIBERO's episode start: {@code env.reset()}, then {@code set_init_state} with official state {@code
   * index} of the task (index modulo the file's count for the TRAIN stream).
   *
   * @throws IllegalArgumentException if the task id is out of range, or (EVAL) the index is not in 0..n−1
   */
  @Override
  public Observation reset(int taskId, InitStateGenerator.Stream stream, int index) {
    Loaded l = load(taskId);
    int n = l.initStates.size();
    if (stream == InitStateGenerator.Stream.TRAIN) index = Math.floorMod(index, n);
    if (index < 0 || index >= n) {
      throw new IllegalArgumentException("init state " + index + " is out of range for task " + taskId + " of suite '" + suite.name()
          + "': valid 0.." + (n - 1));
    }
    current = l;
    currentTask = taskId;
    l.env.reset();
    l.env.setInitState(l.initStates.get(index));
    return observe();
  }

  /**
   * One env step. A non-finite action is not stepped: it ends the episode as {@code sim_unstable}, as a
   * NaN reaching MuJoCo's ctrl does in {@link TabletopEnv}.
   *
   * @throws IllegalStateException if called before {@link #reset}
   */
  @Override
  public StepResult step(double[] action) {
    requireEpisode();
    if (action.length != 7) throw new IllegalArgumentException("an action has 7 numbers [dx, dy, dz, rx, ry, rz, gripper], got " + action.length);
    for (double a : action) if (!Double.isFinite(a)) return new StepResult(observe(), 0.0, false, true);
    MjData d = current.env.world().data();
    int warningsBefore = d.badNumberWarnings();
    LiberoEnv.StepResult r = current.env.step(action);
    boolean unstable = d.badNumberWarnings() > warningsBefore || !finite(d.qpos()) || !finite(d.qvel());
    boolean success = !unstable && r.success();
    return new StepResult(observe(), success ? r.reward() : 0.0, success, unstable);
  }

  private static boolean finite(double[] v) {
    for (double x : v) if (!Double.isFinite(x)) return false;
    return true;
  }

  private Observation observe() {
    LiberoEnv.Observation o = current.env.observation();
    LiberoCameras.Frames f = current.env.frames();
    byte[] agent = config.renderAgentview() ? f.agentview() : null;
    byte[] wrist = config.renderEyeInHand() ? f.eyeInHand() : null;
    return new Observation(agent, wrist, config.imageSize(), o.eefPos(), o.eefQuatXyzw(), o.gripperQpos(), o.jointPos());
  }

  @Override
  public String instruction() {
    requireEpisode();
    return suite.task(currentTask).instruction();
  }

  /** Privileged access for scripted policies: the current task's world (read it, don't step it). */
  public LiberoWorld world() {
    requireEpisode();
    return current.env.world();
  }

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
    for (Loaded l : tasks.values()) l.env.close();
    tasks.clear();
    if (gl != null) gl.close();
    gl = null;
  }
}
