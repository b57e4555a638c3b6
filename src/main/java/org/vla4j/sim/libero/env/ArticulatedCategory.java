package org.vla4j.sim.libero.env;

import java.util.List;
import java.util.Optional;
import java.util.function.DoublePredicate;

/**
 * LIBERO's articulated fixtures and when one of their joints counts as open, closed or turned on, as
 * {@code libero/libero/envs/objects/articulated_objects.py} decides it from the joint's qpos (radians for
 * hinges, metres for slides): each class compares against one end of its {@code default_open_ranges},
 * {@code default_close_ranges} or {@code default_turnon_ranges}. A category without a rule for a predicate
 * (e.g. a stove has no door) is one LIBERO raises {@code NotImplementedError} for.
 *
 * @param category the BDDL category (the asset's registered name, e.g. {@code wooden_cabinet})
 * @param open a joint is open (LIBERO's {@code is_open(qpos)}), null if the class has none
 * @param close a joint is closed ({@code is_close(qpos)}), null if none
 * @param turnOn a joint is turned on ({@code turn_on(qpos)}), null if none
 */
public record ArticulatedCategory(String category, DoublePredicate open, DoublePredicate close, DoublePredicate turnOn) {

  /** The classes LIBERO gives thresholds, in the order of its source file. */
  public static final List<ArticulatedCategory> ALL = List.of(
      new ArticulatedCategory("microwave", q -> q < -1.3, q -> q > -0.005, null),
      new ArticulatedCategory("short_cabinet", q -> q > 0.10, q -> q < 0.0, null),
      new ArticulatedCategory("short_fridge", q -> q > 2.0, q -> q < 0.0, null),
      new ArticulatedCategory("wooden_cabinet", q -> q < -0.14, q -> q > 0.0, null),
      new ArticulatedCategory("white_cabinet", q -> q < -0.14, q -> q > 0.0, null),
      new ArticulatedCategory("flat_stove", null, null, q -> q >= 0.5));

  /** The rule of a BDDL category, if LIBERO gives it one. */
  public static Optional<ArticulatedCategory> of(String category) {
    return ALL.stream().filter(a -> a.category.equals(category)).findFirst();
  }

  /**
   * The rule for one goal predicate ({@code open}, {@code close} or {@code turnon}).
   *
   * @throws UnsupportedOperationException if this category has none (LIBERO raises NotImplementedError there)
   */
  DoublePredicate rule(String predicate) {
    DoublePredicate r = ruleOrNull(predicate);
    if (r == null) {
      throw new UnsupportedOperationException("LIBERO's " + category + " has no '" + predicate + "' rule; categories with one: "
          + String.join(", ", ALL.stream().filter(a -> a.ruleOrNull(predicate) != null).map(ArticulatedCategory::category).toList()));
    }
    return r;
  }

  private DoublePredicate ruleOrNull(String predicate) {
    return switch (predicate) {
      case "open" -> open;
      case "close" -> close;
      case "turnon" -> turnOn;
      default -> throw new IllegalArgumentException("not an articulation predicate: '" + predicate + "' (open, close, turnon)");
    };
  }
}
