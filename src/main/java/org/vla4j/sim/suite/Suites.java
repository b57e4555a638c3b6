package org.vla4j.sim.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vla4j.sim.libero.LiberoBenchmark;
import org.vla4j.sim.libero.LiberoPaths;
import org.vla4j.sim.libero.bddl.BddlProblem;

/**
 * The built-in task suites, by name.
 *
 * <p>{@code object}: modelled on LIBERO's libero_object (arXiv:2306.03310): 10 tasks "pick up the
 * X and place it in the basket" in LIBERO's order, 50 init states each, 10 wait steps then at
 * most 280 steps.
 *
 * <p>{@code libero_object}: the real LIBERO-Object, read from the user's LIBERO install ({@link
 * LiberoBenchmark.locate()}): its 10 tasks in LIBERO's order, the BDDL language as instruction, the 50
 * official init states of each task, OpenVLA's 10 wait steps then at most 280 steps.
 */
public final class Suites {
  private Suites() {}

  /** Grocery items of suite {@code object}, in LIBERO's task order: (object name, words in the instruction). */
  public static final List<String[]> OBJECT_ITEMS = List.of(
      new String[] {"alphabet_soup", "alphabet soup"},
      new String[] {"cream_cheese", "cream cheese"},
      new String[] {"salad_dressing", "salad dressing"},
      new String[] {"bbq_sauce", "bbq sauce"},
      new String[] {"ketchup", "ketchup"},
      new String[] {"tomato_sauce", "tomato sauce"},
      new String[] {"butter", "butter"},
      new String[] {"milk", "milk"},
      new String[] {"chocolate_pudding", "chocolate pudding"},
      new String[] {"orange_juice", "orange juice"});

  private static final Map<String, Suite> SUITES = new TreeMap<>(Map.of("object", objectSuite()));

  private static Suite objectSuite() {
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < OBJECT_ITEMS.size(); i++) {
      String instruction = "pick up the " + OBJECT_ITEMS.get(i)[1] + " and place it in the basket";
      tasks.add(new Task(i, instruction.replace(' ', '_'), instruction, OBJECT_ITEMS.get(i)[0]));
    }
    return new Suite("object", tasks, 50, 280, 10);
  }

  private static final Map<String, Suite> LIBERO = new java.util.concurrent.ConcurrentHashMap<>();

  /** Names of the suites, sorted: vla4j's own and the LIBERO suites it runs. */
  public static List<String> names() {
    java.util.TreeSet<String> n = new java.util.TreeSet<>(SUITES.keySet());
    n.addAll(LiberoBenchmark.TASKS.keySet());
    return List.copyOf(n);
  }

  /**
   * A LIBERO suite from the install at {@code paths}: tasks named by their BDDL files, instruction = the
   * BDDL {@code :language}, target = the first argument of the goal's first predicate.
   */
  public static Suite libero(LiberoPaths paths, String name) {
    LiberoBenchmark b = LiberoBenchmark.load(paths, name);
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < b.taskNames().size(); i++) {
      BddlProblem p = b.problems().get(i);
      tasks.add(new Task(i, b.taskNames().get(i), p.language(), p.goal().getFirst().args().getFirst()));
    }
    return new Suite(name, tasks, LiberoBenchmark.INIT_STATES_PER_TASK, b.maxSteps(), Suite.WaitSteps.OPENVLA.steps(),
        Suite.WaitSteps.OPENVLA, b);
  }

  /**
   * The suite with this name.
   *
   * @throws IllegalArgumentException for an unknown name (the message lists the valid ones), or a LIBERO
   *     suite when LIBERO is not found (the message says how to point at it)
   */
  public static Suite get(String name) {
    Suite s = SUITES.get(name);
    if (s == null && LiberoBenchmark.TASKS.containsKey(name)) {
      LiberoPaths paths = LiberoBenchmark.locate();
      String key = name + "\n" + paths.liberoRoot() + "\n" + paths.robosuiteAssets();
      return LIBERO.computeIfAbsent(key, k -> libero(paths, name));
    }
    if (s == null) throw new IllegalArgumentException("unknown suite '" + name + "'; valid suites: " + String.join(", ", names()));
    return s;
  }
}
