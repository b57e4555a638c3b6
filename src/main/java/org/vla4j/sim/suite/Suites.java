package org.vla4j.sim.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The built-in task suites, by name.
 *
 * <p>{@code object}: modelled on LIBERO's libero_object (arXiv:2306.03310): 10 tasks "pick up the
 * X and place it in the basket" in LIBERO's order, 50 init states each, 10 wait steps then at
 * most 280 steps.
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

  /** Names of the built-in suites, sorted. */
  public static List<String> names() {
    return List.copyOf(SUITES.keySet());
  }

  /**
   * The suite with this name.
   *
   * @throws IllegalArgumentException for an unknown name; the message lists the valid ones
   */
  public static Suite get(String name) {
    Suite s = SUITES.get(name);
    if (s == null) throw new IllegalArgumentException("unknown suite '" + name + "'; valid suites: " + String.join(", ", names()));
    return s;
  }
}
