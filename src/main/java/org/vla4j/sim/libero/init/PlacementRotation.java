package org.vla4j.sim.libero.init;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;

/**
 * The orientation LIBERO's object classes ask their placement sampler for ({@code self.rotation},
 * {@code self.rotation_axis} in {@code libero/envs/objects/hope_objects.py}, {@code google_scanned_objects.py},
 * {@code turbosquid_objects.py}), and the quaternion LIBERO's {@code TableRegionSampler._sample_quat}
 * ({@code regions/workspace_region_sampler.py}) makes of it.
 *
 * <p>LIBERO's quirk, kept: {@code _sample_quat} builds {@code [x, y, z, w]} arrays (robosuite's xyzw
 * convention; {@code quat_multiply} composes them in xyzw) but the environment writes the result into the
 * free joint's qpos, which MuJoCo reads as {@code [w, x, y, z]}. So "π/2 about x" becomes qpos
 * {@code (0.707, 0, 0, 0.707)}, a quarter turn about z, and "0 about x" qpos {@code (0, 0, 0, 1)}, a half
 * turn about z. The official init states hold exactly these quaternions.
 *
 * @param axes the rotation axes {@code x|y|z}, applied in order (one for a tuple rotation, several for
 *     LIBERO's dict rotations)
 * @param ranges {@code [lo, hi]} radians per axis, uniform
 */
public record PlacementRotation(List<Character> axes, List<double[]> ranges) {
  public PlacementRotation {
    axes = List.copyOf(axes);
    ranges = ranges.stream().map(double[]::clone).toList();
    if (axes.size() != ranges.size() || axes.isEmpty()) throw new IllegalArgumentException("one range per axis");
  }

  static PlacementRotation single(char axis, double lo, double hi) {
    return new PlacementRotation(List.of(axis), List.of(new double[] {lo, hi}));
  }

  private static final double HALF_PI = Math.PI / 2;
  /** HOPE objects: {@code (π/2, π/2)} about x unless the class says otherwise. */
  private static final PlacementRotation HOPE_DEFAULT = single('x', HALF_PI, HALF_PI);
  private static final PlacementRotation FLAT = single('x', 0, 0);
  private static final PlacementRotation UPRIGHT_Z = single('z', HALF_PI, HALF_PI);
  private static final PlacementRotation X_THEN_Z = new PlacementRotation(List.of('x', 'z'),
      List.of(new double[] {HALF_PI, HALF_PI}, new double[] {HALF_PI, HALF_PI}));

  /** Category → rotation, as LIBERO's registered object classes set them. */
  static final Map<String, PlacementRotation> BY_CATEGORY = table();

  private static Map<String, PlacementRotation> table() {
    Map<String, PlacementRotation> m = new TreeMap<>();
    // hope_objects.py
    for (String c : List.of("bbq_sauce", "cherries", "cookies", "corn")) m.put(c, HOPE_DEFAULT);
    for (String c : List.of("butter", "chocolate_pudding", "cream_cheese", "popcorn")) m.put(c, FLAT);
    for (String c : List.of("alphabet_soup", "tomato_sauce")) m.put(c, UPRIGHT_Z);
    for (String c : List.of("ketchup", "macaroni_and_cheese", "mayo", "milk", "orange_juice", "salad_dressing", "new_salad_dressing")) {
      m.put(c, X_THEN_Z);
    }
    // google_scanned_objects.py: (π/2, π/2) about x, the rack flat
    for (String c : List.of("basket", "white_bowl", "akita_black_bowl", "plate", "chefmate_8_frypan", "glazed_rim_porcelain_ramekin")) {
      m.put(c, HOPE_DEFAULT);
    }
    m.put("simple_rack", FLAT);
    return Map.copyOf(m);
  }

  /**
   * The rotation of a category.
   *
   * @throws IllegalArgumentException naming the categories known
   */
  public static PlacementRotation of(String category) {
    PlacementRotation r = BY_CATEGORY.get(category);
    if (r == null) {
      throw new IllegalArgumentException("no placement rotation known for object category '" + category + "'; known: "
          + new TreeMap<>(BY_CATEGORY).keySet());
    }
    return r;
  }

  /**
   * The qpos quaternion {@code [q0, q1, q2, q3]} (as MuJoCo reads it: w, x, y, z) that LIBERO writes,
   * drawing each angle from {@code uniform} in [0, 1) (not drawn for a range of zero width).
   */
  public double[] sampleQpos(DoubleSupplier uniform) {
    if (axes.size() == 1) return axisQuat(axes.getFirst(), angle(ranges.getFirst(), uniform));
    double[] q = {0, 0, 0, 1};
    for (int i = 0; i < axes.size(); i++) q = multiplyXyzw(axisQuat(axes.get(i), angle(ranges.get(i), uniform)), q);
    return q;
  }

  private static double angle(double[] r, DoubleSupplier uniform) {
    double lo = Math.min(r[0], r[1]), hi = Math.max(r[0], r[1]);
    return lo == hi ? lo : lo + (hi - lo) * uniform.getAsDouble();
  }

  /** {@code [sin(a/2)·axis, cos(a/2)]}: robosuite's xyzw quaternion of a rotation about one axis. */
  static double[] axisQuat(char axis, double a) {
    double s = StrictMath.sin(a / 2), c = StrictMath.cos(a / 2);
    return switch (axis) {
      case 'x' -> new double[] {s, 0, 0, c};
      case 'y' -> new double[] {0, s, 0, c};
      case 'z' -> new double[] {0, 0, s, c};
      default -> throw new IllegalArgumentException("rotation axis must be x, y or z, got " + axis);
    };
  }

  /**
   * robosuite {@code transform_utils.quat_multiply}: the Hamilton product {@code a·b} of two xyzw
   * quaternions, rounded to float32 as robosuite returns it.
   */
  static double[] multiplyXyzw(double[] a, double[] b) {
    double x0 = b[0], y0 = b[1], z0 = b[2], w0 = b[3];
    double x1 = a[0], y1 = a[1], z1 = a[2], w1 = a[3];
    return new double[] {
        (float) (x1 * w0 + y1 * z0 - z1 * y0 + w1 * x0),
        (float) (-x1 * z0 + y1 * w0 + z1 * x0 + w1 * y0),
        (float) (x1 * y0 - y1 * x0 + z1 * w0 + w1 * z0),
        (float) (-x1 * x0 - y1 * y0 - z1 * z0 + w1 * w0)};
  }
}
