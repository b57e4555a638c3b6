package org.vla4j.sim.env;

import org.vla4j.sim.suite.InitStateGenerator;
import org.vla4j.sim.suite.Suite;

/**
 * The simulator as the episode loop sees it, gymnasium style: {@link #reset} a task from an init state,
 * then {@link #step} 7-D actions {@code [dx, dy, dz, rx, ry, rz, gripper]} in [−1, 1] (OSC_POSE, 20 Hz).
 * Two kinds: {@link TabletopEnv} (vla4j's own suites, e.g. {@code object}) and {@link LiberoTaskEnv} (the
 * real LIBERO's scenes, e.g. {@code libero_object}); {@link #open} picks by suite. One env per thread.
 */
public sealed interface Env extends AutoCloseable permits TabletopEnv, LiberoTaskEnv {
  /** The env for a suite: {@link LiberoTaskEnv} for a LIBERO suite ({@link Suite#isLibero()}), else {@link TabletopEnv}. */
  static Env open(Suite suite, EnvConfig config) {
    return suite.isLibero() ? new LiberoTaskEnv(suite, config) : new TabletopEnv(suite, config);
  }

  /** The suite this env runs. */
  Suite suite();

  /**
   * Starts an episode of a task from init state {@code index} of a stream ({@link
   * InitStateGenerator.Stream#EVAL}: the suite's fixed evaluation init states).
   *
   * @return the observation after the init state is set
   * @throws IllegalArgumentException if the task id or init-state index is out of range
   */
  Observation reset(int taskId, InitStateGenerator.Stream stream, int index);

  /**
   * Applies one action (1/20 s of simulated time) and evaluates the task's success rule.
   *
   * @throws IllegalStateException if called before {@link #reset}
   */
  StepResult step(double[] action);

  /** The current task's instruction. */
  String instruction();

  /** The OpenGL context's "vendor | renderer | version", or {@code none} before anything was rendered. */
  String glDescription();

  @Override
  void close();
}
