package org.vla4j.sim.suite;

import java.util.List;

/**
 * A task suite, LIBERO style: a fixed list of tasks, each with the same number of fixed init
 * states, and an evaluation protocol (wait steps, then at most {@code maxSteps} actions).
 *
 * @param name the suite's name as the CLI takes it, e.g. {@code object}
 * @param tasks the tasks, index = task id
 * @param initStatesPerTask number of fixed evaluation init states per task (LIBERO: 50)
 * @param maxSteps maximum policy steps per episode after the wait steps (libero_object: 280)
 * @param waitSteps no-op steps [0,0,0,0,0,0,−1] run first so objects settle (LIBERO eval: 10)
 */
public record Suite(String name, List<Task> tasks, int initStatesPerTask, int maxSteps, int waitSteps) {
  public Suite {
    tasks = List.copyOf(tasks);
  }

  /**
   * The action of the wait steps: {@code [0, 0, 0, 0, 0, 0, −1]}, no arm motion and the gripper open
   * (LIBERO's evaluation no-op). A fresh array on every call.
   */
  public static double[] waitAction() {
    return new double[] {0, 0, 0, 0, 0, 0, -1};
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
