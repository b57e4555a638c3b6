package org.vla4j.sim.libero;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The task order of LIBERO's benchmark suites: task index i of a suite is the i-th name of LIBERO's
 * {@code libero/libero/benchmark/libero_suite_task_map.py} (the order {@code get_benchmark(suite)().get_task(i)}
 * uses, and the one OpenVLA's, OFT's and openpi's evaluations report per task). Each name is a BDDL file
 * {@code bddl_files/<suite>/<name>.bddl} and an init-state file {@code init_files/<suite>/<name>.pruned_init}.
 *
 * <p>The order is not in the BDDL or init folders (they list alphabetically), so it is written here for the
 * four suites of the LIBERO paper's evaluations (arXiv:2306.03310): {@code libero_object},
 * {@code libero_spatial}, {@code libero_goal}, {@code libero_10}.
 */
public final class LiberoTasks {
  private LiberoTasks() {}

  private static final Map<String, List<String>> ORDER = Map.of(
      "libero_object", List.of(
          "pick_up_the_alphabet_soup_and_place_it_in_the_basket",
          "pick_up_the_cream_cheese_and_place_it_in_the_basket",
          "pick_up_the_salad_dressing_and_place_it_in_the_basket",
          "pick_up_the_bbq_sauce_and_place_it_in_the_basket",
          "pick_up_the_ketchup_and_place_it_in_the_basket",
          "pick_up_the_tomato_sauce_and_place_it_in_the_basket",
          "pick_up_the_butter_and_place_it_in_the_basket",
          "pick_up_the_milk_and_place_it_in_the_basket",
          "pick_up_the_chocolate_pudding_and_place_it_in_the_basket",
          "pick_up_the_orange_juice_and_place_it_in_the_basket"),
      "libero_spatial", List.of(
          "pick_up_the_black_bowl_between_the_plate_and_the_ramekin_and_place_it_on_the_plate",
          "pick_up_the_black_bowl_next_to_the_ramekin_and_place_it_on_the_plate",
          "pick_up_the_black_bowl_from_table_center_and_place_it_on_the_plate",
          "pick_up_the_black_bowl_on_the_cookie_box_and_place_it_on_the_plate",
          "pick_up_the_black_bowl_in_the_top_drawer_of_the_wooden_cabinet_and_place_it_on_the_plate",
          "pick_up_the_black_bowl_on_the_ramekin_and_place_it_on_the_plate",
          "pick_up_the_black_bowl_next_to_the_cookie_box_and_place_it_on_the_plate",
          "pick_up_the_black_bowl_on_the_stove_and_place_it_on_the_plate",
          "pick_up_the_black_bowl_next_to_the_plate_and_place_it_on_the_plate",
          "pick_up_the_black_bowl_on_the_wooden_cabinet_and_place_it_on_the_plate"),
      "libero_goal", List.of(
          "open_the_middle_drawer_of_the_cabinet",
          "put_the_bowl_on_the_stove",
          "put_the_wine_bottle_on_top_of_the_cabinet",
          "open_the_top_drawer_and_put_the_bowl_inside",
          "put_the_bowl_on_top_of_the_cabinet",
          "push_the_plate_to_the_front_of_the_stove",
          "put_the_cream_cheese_in_the_bowl",
          "turn_on_the_stove",
          "put_the_bowl_on_the_plate",
          "put_the_wine_bottle_on_the_rack"),
      "libero_10", List.of(
          "LIVING_ROOM_SCENE2_put_both_the_alphabet_soup_and_the_tomato_sauce_in_the_basket",
          "LIVING_ROOM_SCENE2_put_both_the_cream_cheese_box_and_the_butter_in_the_basket",
          "KITCHEN_SCENE3_turn_on_the_stove_and_put_the_moka_pot_on_it",
          "KITCHEN_SCENE4_put_the_black_bowl_in_the_bottom_drawer_of_the_cabinet_and_close_it",
          "LIVING_ROOM_SCENE5_put_the_white_mug_on_the_left_plate_and_put_the_yellow_and_white_mug_on_the_right_plate",
          "STUDY_SCENE1_pick_up_the_book_and_place_it_in_the_back_compartment_of_the_caddy",
          "LIVING_ROOM_SCENE6_put_the_white_mug_on_the_plate_and_put_the_chocolate_pudding_to_the_right_of_the_plate",
          "LIVING_ROOM_SCENE1_put_both_the_alphabet_soup_and_the_cream_cheese_box_in_the_basket",
          "KITCHEN_SCENE8_put_both_moka_pots_on_the_stove",
          "KITCHEN_SCENE6_put_the_yellow_and_white_mug_in_the_microwave_and_close_it"));

  /** The suites whose order is known, sorted. */
  public static List<String> suites() {
    return ORDER.keySet().stream().sorted().toList();
  }

  /**
   * A suite's task names in benchmark order.
   *
   * @throws IllegalArgumentException naming the valid suites
   */
  public static List<String> tasks(String suite) {
    List<String> t = ORDER.get(suite);
    if (t == null) throw new IllegalArgumentException("unknown LIBERO suite '" + suite + "'; valid: " + String.join(", ", suites()));
    return t;
  }

  /**
   * A task of a suite given as its index (0-based, in benchmark order) or its name.
   *
   * @return the task's name (its BDDL file's name without {@code .bddl})
   * @throws IllegalArgumentException naming the bad value and the valid range or names
   */
  public static String task(String suite, String task) {
    List<String> names = tasks(suite);
    if (task.matches("\\d{1,9}")) {
      int i = Integer.parseInt(task);
      if (i >= names.size()) throw new IllegalArgumentException("task " + task + " out of range: " + suite + " has tasks 0.." + (names.size() - 1));
      return names.get(i);
    }
    String n = task.endsWith(".bddl") ? task.substring(0, task.length() - 5) : task;
    if (!names.contains(n)) {
      throw new IllegalArgumentException("no task '" + task + "' in " + suite + "; give an index 0.." + (names.size() - 1) + " or one of: " + String.join(", ", names));
    }
    return n;
  }

  /**
   * The task's BDDL file in a LIBERO install.
   *
   * @throws IllegalArgumentException if the install lacks it
   */
  public static Path bddlFile(LiberoPaths paths, String suite, String name) {
    return existing(paths.bddlDir(suite).resolve(name + ".bddl"));
  }

  /**
   * The task's official init states ({@code .pruned_init}) in a LIBERO install.
   *
   * @throws IllegalArgumentException if the install lacks it
   */
  public static Path initFile(LiberoPaths paths, String suite, String name) {
    return existing(paths.initFilesDir(suite).resolve(name + ".pruned_init"));
  }

  private static Path existing(Path p) {
    if (!Files.isRegularFile(p)) throw new IllegalArgumentException("LIBERO install lacks " + p);
    return p;
  }
}
