package org.vla4j.sim.libero.bddl;

import java.util.List;

/**
 * One ground predicate of {@code :init} or {@code :goal}, e.g. {@code (On alphabet_soup_1 floor_target_object_region)}.
 *
 * @param name the predicate lower-cased as LIBERO evaluates it ({@code on}, {@code in}, {@code open},
 *     {@code close}, {@code turnon}, ...)
 * @param args its arguments lower-cased (instance names or region keys)
 * @param line 1-based line where it was written
 */
public record BddlPredicate(String name, List<String> args, int line) {
  public BddlPredicate {
    args = List.copyOf(args);
  }

  @Override
  public String toString() {
    return "(" + name + " " + String.join(" ", args) + ")";
  }
}
