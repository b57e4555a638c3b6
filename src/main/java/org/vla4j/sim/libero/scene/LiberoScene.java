package org.vla4j.sim.libero.scene;

import java.util.List;
import java.util.Map;
import org.vla4j.sim.libero.bddl.BddlProblem;

/**
 * The MJCF of one LIBERO task as robosuite 1.4.1 + LIBERO compose it, with what the environment needs
 * to know about it.
 *
 * @param problem the BDDL problem it was composed from
 * @param problemClass the LIBERO problem class, e.g. {@link ProblemClass#FLOOR}
 * @param xml the composed MJCF text; every asset file is an absolute path, so it compiles from a string
 * @param objectRootBodies instance name → root body name ({@code <instance>_main}), objects first, then
 *     fixtures, in the order their bodies appear in the model
 * @param regionSites region keys that became sites of the arena (table or floor zones), in order
 * @param robotBasePos world position of {@code robot0_base}, metres
 */
public record LiberoScene(
    BddlProblem problem,
    ProblemClass problemClass,
    String xml,
    Map<String, String> objectRootBodies,
    List<String> regionSites,
    double[] robotBasePos) {
  public LiberoScene {
    objectRootBodies = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(objectRootBodies));
    regionSites = List.copyOf(regionSites);
    robotBasePos = robotBasePos.clone();
  }

  @Override
  public double[] robotBasePos() {
    return robotBasePos.clone();
  }
}
