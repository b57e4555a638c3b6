package org.vla4j.eval.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.vla4j.sim.suite.Suite;

/**
 * Parses the task and init-state selections of an evaluation and checks them against a suite.
 *
 * <p>Syntax, for both: {@code all}, or a comma list of items, each a number {@code A} or an
 * inclusive range {@code A-B} (A ≤ B), e.g. {@code 0,3}, {@code 0-49}, {@code 0-4,10}.
 */
public final class Selections {
  private Selections() {}

  /**
   * Task ids of {@code suite} named by {@code text}, ascending, each once.
   *
   * @throws IllegalArgumentException if the text is malformed or names a task id outside
   *     0..tasks−1 (the message gives the valid range)
   */
  public static List<Integer> tasks(String text, Suite suite) {
    int count = suite.tasks().size();
    String valid = "valid task ids for suite '" + suite.name() + "' are 0.." + (count - 1) + " or 'all'";
    return List.copyOf(new TreeSet<>(parse("--tasks", text, count, "task id", valid)));
  }

  /**
   * Init-state indices named by {@code text}, in the order given (duplicates kept: they are repeated
   * trials of the same init state).
   *
   * @throws IllegalArgumentException if the text is malformed or names an init state outside
   *     0..initStatesPerTask−1 (the message gives the valid range)
   */
  public static List<Integer> initStates(String text, Suite suite) {
    int count = suite.initStatesPerTask();
    String valid = "suite '" + suite.name() + "' has " + count + " init states per task: valid are 0.." + (count - 1)
        + " (e.g. 0-" + (count - 1) + ") or 'all'";
    return List.copyOf(parse("--init-states", text, count, "init state", valid));
  }

  private static List<Integer> parse(String option, String text, int count, String what, String valid) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException(option + " is empty; " + valid);
    String t = text.strip();
    List<Integer> out = new ArrayList<>();
    if (t.equals("all")) {
      for (int i = 0; i < count; i++) out.add(i);
      return out;
    }
    for (String item : t.split(",", -1)) {
      String s = item.strip();
      int dash = s.indexOf('-', 1);
      int lo;
      int hi;
      if (dash < 0) {
        lo = hi = number(option, text, s, valid);
      } else {
        lo = number(option, text, s.substring(0, dash).strip(), valid);
        hi = number(option, text, s.substring(dash + 1).strip(), valid);
        if (lo > hi) {
          throw new IllegalArgumentException(option + " '" + text + "': range " + s + " is empty (start > end); " + valid);
        }
      }
      for (int v : new int[] {lo, hi}) {
        if (v < 0 || v >= count) {
          throw new IllegalArgumentException(option + " '" + text + "': " + what + " " + v + " is out of range; " + valid);
        }
      }
      for (int i = lo; i <= hi; i++) out.add(i);
    }
    return out;
  }

  private static int number(String option, String text, String s, String valid) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      String why = s.strip().matches("-?\\d+") ? "is out of range" : "is not a number";
      throw new IllegalArgumentException(option + " '" + text + "': '" + s + "' " + why + "; " + valid);
    }
  }
}
