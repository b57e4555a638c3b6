package org.vla4j.sim.libero.bddl;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A parsed LIBERO BDDL problem file ({@code libero/libero/bddl_files/<suite>/*.bddl}), read as LIBERO's
 * {@code envs/bddl_utils.py} ({@code robosuite_parse_problem}) reads it: every token lower-cased, region
 * keys {@code <target>_<name>}, the goal a conjunction (or disjunction) of ground predicates.
 *
 * @param file the file it was read from
 * @param problemName the problem class as LIBERO looks it up, lower-cased (e.g. {@code libero_floor_manipulation})
 * @param domain the {@code :domain} ({@code robosuite})
 * @param language the {@code :language} instruction, lower-cased words joined by single spaces
 * @param regions the {@code :regions}, in file order
 * @param fixtures the {@code :fixtures}, in file order
 * @param objects the {@code :objects}, in file order, which is the order LIBERO instantiates them (and so
 *     the order of their bodies and free joints in the compiled model); the parser refuses a category
 *     declared in two separate groups, which LIBERO's category dictionary would silently collapse
 * @param objOfInterest the {@code :obj_of_interest} names, as written (LIBERO does not check them: every
 *     libero_goal file names a {@code bowl_drainer_1} it never declares)
 * @param init the {@code :init} predicates
 * @param goalOperator {@code and} or {@code or}
 * @param goal the goal's predicates
 */
public record BddlProblem(
    Path file,
    String problemName,
    String domain,
    String language,
    List<BddlRegion> regions,
    List<BddlInstance> fixtures,
    List<BddlInstance> objects,
    List<String> objOfInterest,
    List<BddlPredicate> init,
    String goalOperator,
    List<BddlPredicate> goal) {

  public BddlProblem {
    regions = List.copyOf(regions);
    fixtures = List.copyOf(fixtures);
    objects = List.copyOf(objects);
    objOfInterest = List.copyOf(objOfInterest);
    init = List.copyOf(init);
    goal = List.copyOf(goal);
  }

  /** A region by its key {@code <target>_<name>}, e.g. {@code floor_bin_region}. */
  public Optional<BddlRegion> region(String key) {
    return regions.stream().filter(r -> r.key().equals(key)).findFirst();
  }

  /**
   * Keys of regions whose {@code :target} is neither a declared fixture nor object. LIBERO tolerates them
   * (they never become sites): every libero_goal file has {@code bowl_drainer_1_left_region} and
   * {@code bowl_drainer_1_right_region} without a {@code bowl_drainer_1}.
   */
  public List<String> undeclaredTargets() {
    java.util.Set<String> declared = new java.util.HashSet<>();
    fixtures.forEach(f -> declared.add(f.name()));
    objects.forEach(o -> declared.add(o.name()));
    return regions.stream().filter(r -> !declared.contains(r.target())).map(BddlRegion::key).toList();
  }
}
