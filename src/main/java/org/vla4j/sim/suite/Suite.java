package org.vla4j.sim.suite;

import java.util.List;
import org.vla4j.sim.libero.LiberoBenchmark;

/**
 * A task suite, LIBERO style: a fixed list of tasks, each with the same number of fixed init
 * states, and an evaluation protocol (wait steps, then at most {@code maxSteps} actions).
 *
 * @param name the suite's name as the CLI takes it, e.g. {@code object} or {@code libero_object}
 * @param tasks the tasks, index = task id
 * @param initStatesPerTask number of fixed evaluation init states per task (LIBERO: 50)
 * @param maxSteps maximum policy steps per episode after the wait steps (libero_object: 280)
 * @param waitSteps no-op steps run first so objects settle (OpenVLA's LIBERO eval: 10; LIBERO's own: 5)
 * @param waitProtocol which no-op the wait steps send ({@link WaitSteps#OPENVLA}: {@code [0,0,0,0,0,0,−1]})
 * @param libero the real LIBERO benchmark files this suite runs on (LIBERO's own scenes, init states
 *     and {@code In} rule), or null for vla4j's own tabletop suites
 */
public record Suite(String name, List<Task> tasks, int initStatesPerTask, int maxSteps, int waitSteps, WaitSteps waitProtocol,
    LiberoBenchmark libero) {
  public Suite {
    tasks = List.copyOf(tasks);
    java.util.Objects.requireNonNull(waitProtocol, "waitProtocol");
  }

  /** A vla4j tabletop suite with OpenVLA's wait no-op. */
  public Suite(String name, List<Task> tasks, int initStatesPerTask, int maxSteps, int waitSteps) {
    this(name, tasks, initStatesPerTask, maxSteps, waitSteps, WaitSteps.OPENVLA, null);
  }

  /**
   * The wait-step protocols. {@link #OPENVLA}: OpenVLA's (and openpi's, LeRobot's) LIBERO evaluation,
   * {@code num_steps_wait = 10} steps of {@code [0,0,0,0,0,0,−1]} (gripper open); {@link #LIBERO}: LIBERO's
   * own evaluation ({@code libero/lifelong/metric.py}), 5 steps of all zeros.
   */
  public enum WaitSteps {
    OPENVLA("openvla", 10, -1),
    LIBERO("libero", 5, 0);

    private final String wireName;
    private final int steps;
    private final double gripper;

    WaitSteps(String wireName, int steps, double gripper) {
      this.wireName = wireName;
      this.steps = steps;
      this.gripper = gripper;
    }

    /** The name the CLI takes ({@code openvla}, {@code libero}) and config.json records. */
    public String wireName() {
      return wireName;
    }

    /** Number of wait steps. */
    public int steps() {
      return steps;
    }

    /** The no-op action, a fresh array. */
    public double[] action() {
      return new double[] {0, 0, 0, 0, 0, 0, gripper};
    }

    /**
     * By CLI name.
     *
     * @throws IllegalArgumentException for another name (the message lists the valid ones)
     */
    public static WaitSteps of(String name) {
      for (WaitSteps w : values()) if (w.wireName.equals(name)) return w;
      throw new IllegalArgumentException("unknown --wait-steps '" + name + "'; valid: openvla (10 x [0,0,0,0,0,0,-1]), libero (5 x zeros)");
    }
  }

  /**
   * The action of OpenVLA's wait steps: {@code [0, 0, 0, 0, 0, 0, −1]}, no arm motion and the gripper open
   * (LIBERO's evaluation no-op as OpenVLA runs it). A fresh array on every call.
   */
  public static double[] waitAction() {
    return WaitSteps.OPENVLA.action();
  }

  /** This suite's wait no-op ({@link #waitProtocol()}'s action), a fresh array. */
  public double[] waitCommand() {
    return waitProtocol.action();
  }

  /** Whether this suite runs the real LIBERO's files ({@link #libero()} not null). */
  public boolean isLibero() {
    return libero != null;
  }

  /** The same suite with at most {@code steps} agent steps per episode. */
  public Suite withMaxSteps(int steps) {
    return new Suite(name, tasks, initStatesPerTask, steps, waitSteps, waitProtocol, libero);
  }

  /** The same suite with another wait protocol (its number of steps and its no-op). */
  public Suite withWait(WaitSteps w) {
    return new Suite(name, tasks, initStatesPerTask, maxSteps, w.steps(), w, libero);
  }

  /**
   * The task with this id.
   *
   * @throws IllegalArgumentException if the id is out of range (message gives the valid range)
   */
  public Task task(int id) {
    if (id < 0 || id >= tasks.size()) {
      throw new IllegalArgumentException(
          "task id " + id + " is out of range for suite '" + name + "': valid ids are 0.." + (tasks.size() - 1));
    }
    return tasks.get(id);
  }
}
