package org.vla4j.sim.libero.init;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vla4j.sim.libero.LiberoPaths;
import org.vla4j.sim.libero.bddl.BddlInstance;
import org.vla4j.sim.libero.bddl.BddlPredicate;
import org.vla4j.sim.libero.bddl.BddlProblem;
import org.vla4j.sim.libero.bddl.BddlRegion;
import org.vla4j.sim.libero.scene.ObjectExtents;
import org.vla4j.sim.libero.scene.ProblemClass;

/**
 * LIBERO's object placement at {@code env.reset()} for problems whose movable objects stand {@code On} a
 * region of the workspace (libero_object's floor), with LIBERO's semantics
 * ({@code BDDLBaseDomain._add_placement_initializer}, {@code regions/base_region_sampler.py:
 * MultiRegionRandomSampler.sample}, {@code TableRegionSampler}, robosuite {@code SequentialCompositeSampler}):
 *
 * <ul>
 *   <li>objects are placed in the order of the {@code :init} predicates {@code (On object region)}, each
 *       checked against all placed before it;
 *   <li>one of the region's {@code :ranges} rectangles is picked uniformly, then x and y uniformly in it
 *       shrunk by the object's horizontal radius on every side ({@code ensure_object_boundary_in_range}; a
 *       rectangle narrower than the radius gives LIBERO's {@code uniform(low > high)}, the interval between
 *       the two bounds, and one exactly 2r wide pins the object at its centre);
 *   <li>{@code z = workspace_offset_z + z_offset − bottom_offset_z} (floor: −0.035 + 0.01);
 *   <li>a draw is refused when, for some placed object, the horizontal distance is ≤ the sum of the two
 *       horizontal radii and {@code z − z_other ≤ top_other − bottom} ({@code ensure_valid_placement});
 *       5000 draws per object, then the whole placement fails (robosuite's {@code RandomizationError},
 *       after which LIBERO's {@code reset} starts over);
 *   <li>orientation: {@link PlacementRotation} of the object's category (LIBERO's quaternion quirk included).
 * </ul>
 *
 * <p>The random numbers come from the caller's {@link SplittableRandom}, not numpy's stream: the
 * distribution is LIBERO's, the draws are vla4j's.
 */
public final class RegionPlacementSampler {
  /** robosuite's retries per object. */
  public static final int DRAWS_PER_OBJECT = 5000;
  /** {@code TableRegionSampler}'s default {@code z_offset}, metres. */
  public static final double Z_OFFSET = 0.01;

  /** One object's placement: root-body position (metres) and the qpos quaternion (w, x, y, z as MuJoCo reads it). */
  public record Placement(String object, double[] pos, double[] quatQpos) {
    public Placement {
      pos = pos.clone();
      quatQpos = quatQpos.clone();
    }

    @Override
    public double[] pos() {
      return pos.clone();
    }

    @Override
    public double[] quatQpos() {
      return quatQpos.clone();
    }
  }

  private record Item(String object, BddlRegion region, ObjectExtents extents, PlacementRotation rotation) {}

  private final List<Item> items = new ArrayList<>();
  private final double[] workspaceOffset;

  /**
   * A sampler for one problem.
   *
   * @throws UnsupportedOperationException for a problem class other than the floor's, or an {@code On}
   *     whose region is not on the workspace (objects on other objects or fixtures' sites)
   * @throws IllegalArgumentException if an object's asset or rotation is unknown, or a movable object has no
   *     {@code On} predicate
   */
  public RegionPlacementSampler(LiberoPaths paths, BddlProblem problem) {
    ProblemClass pc = ProblemClass.of(problem.problemName());
    if (pc != ProblemClass.FLOOR) {
      throw new UnsupportedOperationException("training init states are implemented for " + ProblemClass.FLOOR.liberoName()
          + " (libero_object) only, not " + pc.liberoName() + " (its fixtures are placed at reset too)");
    }
    this.workspaceOffset = workspaceOffset(pc);
    Map<String, String> categories = new LinkedHashMap<>();
    for (BddlInstance o : problem.objects()) categories.put(o.name(), o.category());
    for (BddlPredicate p : problem.init()) {
      if (!p.name().equals("on")) continue;
      String obj = p.args().get(0), regionKey = p.args().get(1);
      BddlRegion region = problem.region(regionKey).orElse(null);
      if (region == null || !region.target().equals(pc.workspace())) {
        throw new UnsupportedOperationException("(On " + obj + " " + regionKey + ") places an object on another object or fixture: not implemented");
      }
      String cat = categories.get(obj);
      if (cat == null) throw new UnsupportedOperationException("(On " + obj + " " + regionKey + ") places a fixture: not implemented");
      items.add(new Item(obj, region, ObjectExtents.of(paths, cat), PlacementRotation.of(cat)));
    }
    for (String o : categories.keySet()) {
      if (items.stream().noneMatch(i -> i.object.equals(o))) throw new IllegalArgumentException("object " + o + " has no (On " + o + " <region>) in :init");
    }
  }

  /** LIBERO's {@code workspace_offset} of a problem class (the floor's {@code floor_offset}), metres. */
  static double[] workspaceOffset(ProblemClass pc) {
    if (pc == ProblemClass.FLOOR) return new double[] {0, 0, -0.035};
    throw new UnsupportedOperationException(pc.liberoName());
  }

  /** The objects in placement order. */
  public List<String> order() {
    return items.stream().map(Item::object).toList();
  }

  /**
   * One placement of every object, or null when some object found no valid spot in {@link
   * #DRAWS_PER_OBJECT} draws.
   */
  public List<Placement> sample(SplittableRandom rng) {
    List<Placement> placed = new ArrayList<>();
    List<Item> placedItems = new ArrayList<>();
    for (Item it : items) {
      double r = it.extents.horizontalRadius();
      double bottom = it.extents.bottomOffset()[2];
      Placement p = null;
      for (int draw = 0; draw < DRAWS_PER_OBJECT && p == null; draw++) {
        List<BddlRegion.Range> ranges = it.region.ranges();
        BddlRegion.Range range = ranges.size() == 1 ? ranges.getFirst() : ranges.get(rng.nextInt(ranges.size()));
        double x = uniform(rng, range.x0() + r, range.x1() - r) + workspaceOffset[0];
        double y = uniform(rng, range.y0() + r, range.y1() - r) + workspaceOffset[1];
        double z = Z_OFFSET + workspaceOffset[2] - bottom;
        boolean ok = true;
        for (int j = 0; j < placed.size() && ok; j++) {
          Item other = placedItems.get(j);
          double[] q = placed.get(j).pos;
          boolean near = Math.hypot(x - q[0], y - q[1]) <= other.extents.horizontalRadius() + r;
          boolean below = z - q[2] <= other.extents.topOffset()[2] - bottom;
          ok = !(near && below);
        }
        if (ok) p = new Placement(it.object, new double[] {x, y, z}, it.rotation.sampleQpos(rng::nextDouble));
      }
      if (p == null) return null;
      placed.add(p);
      placedItems.add(it);
    }
    return placed;
  }

  /** numpy's {@code uniform(low, high)}: {@code low + (high − low)·u}, also for low > high. */
  private static double uniform(SplittableRandom rng, double low, double high) {
    return low == high ? low : low + (high - low) * rng.nextDouble();
  }
}
