package org.vla4j.sim.libero.bddl;

import java.util.List;

/**
 * A region of a BDDL problem's {@code :regions} block (LIBERO {@code envs/bddl_utils.py},
 * {@code get_regions}).
 *
 * @param name the region's own name, e.g. {@code bin_region}
 * @param target the fixture or object it belongs to ({@code :target}), e.g. {@code floor}, {@code basket_1}
 * @param ranges the {@code :ranges} rectangles, in metres in the target's frame; empty for regions that
 *     name a site of an object (e.g. {@code contain_region})
 * @param yawRotation the {@code :yaw_rotation} interval {@code [lo, hi]} in radians; {@code [0, 0]} if absent
 * @param rgba the {@code :rgba} colour of the region's site; {@code [0, 0, 1, 0]} if absent
 */
public record BddlRegion(String name, String target, List<Range> ranges, double[] yawRotation, double[] rgba) {
  /** An axis-aligned rectangle {@code (x0, y0, x1, y1)} in metres. */
  public record Range(double x0, double y0, double x1, double y1) {
    /** Centre {@code [x, y]}, metres: {@code ((x1 + x0) / 2, (y1 + y0) / 2)} as LIBERO computes it. */
    public double[] centre() {
      return new double[] {(x1 + x0) / 2, (y1 + y0) / 2};
    }

    /** Half-sizes {@code [sx, sy]}, metres: {@code ((x1 − x0) / 2, (y1 − y0) / 2)}. */
    public double[] halfSize() {
      return new double[] {(x1 - x0) / 2, (y1 - y0) / 2};
    }
  }

  public BddlRegion {
    ranges = List.copyOf(ranges);
    yawRotation = yawRotation.clone();
    rgba = rgba.clone();
  }

  /** The region's key in LIBERO's problem dictionary and its site name: {@code <target>_<name>}. */
  public String key() {
    return target + "_" + name;
  }

  @Override
  public double[] yawRotation() {
    return yawRotation.clone();
  }

  @Override
  public double[] rgba() {
    return rgba.clone();
  }
}
