package org.vla4j.sim.suite;

import java.util.Locale;

/**
 * A graspable grocery item built from primitives: a can, a bottle or a box (carton), with a
 * coloured body, a contrasting label band and a cap or lid, so the ten items of suite
 * {@code object} are told apart at 128×128.
 *
 * <p>Frame: the body's origin is the centre of its bottom face; +z up. Boxes are longer along
 * their local x than y; the gripper grasps across local y (the narrow side). Sizes in metres,
 * masses in kg, colours RGB in [0, 1].
 *
 * @param name MJCF body name (snake_case, e.g. {@code ketchup})
 * @param shape can, bottle or box
 * @param halfX half extent along local x (radius for cans and bottles)
 * @param halfY half extent along local y (radius for cans and bottles)
 * @param height total height
 * @param mass kg
 * @param body main colour
 * @param band label band colour
 * @param cap cap/lid colour
 */
public record GroceryObject(
    String name, Shape shape, double halfX, double halfY, double height, double mass, double[] body, double[] band,
    double[] cap) {

  /** Primitive families. */
  public enum Shape {
    CAN,
    BOTTLE,
    BOX
  }

  /** Whether the object looks the same after any rotation about z (grasp yaw is free). */
  public boolean roundInPlan() {
    return shape != Shape.BOX;
  }

  /** Whether this box's two horizontal sides are equal (within 1 mm), so it can be grasped across either. */
  public boolean squareInPlan() {
    return shape == Shape.BOX && Math.abs(halfX - halfY) < 0.0005;
  }

  /**
   * Height above the object's bottom at which the expert grasps it, metres: mid-height (at most
   * 0.05 m), or higher where the palm, 0.043 m above the fingertip pads' centre, would otherwise
   * hit the top; bottles as high on their body as the palm allows.
   */
  public double graspHeight() {
    double palmLimited = height - PALM_CLEARANCE;
    return shape == Shape.BOTTLE ? palmLimited : Math.max(Math.min(0.5 * height, 0.05), palmLimited);
  }

  /** Distance from the fingertip pads' centre (the grip site) up to the palm plus a margin, metres. */
  static final double PALM_CLEARANCE = 0.045;

  /** Radius of the object's footprint circle, metres (for placement). */
  public double footprintRadius() {
    return Math.hypot(halfX, halfY);
  }

  /** The MJCF {@code <body>} of this object with a free joint, at a placeholder pose set by init states. */
  public String mjcf(double x, double y, double z) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "    <body name=\"%s\" pos=\"%.4f %.4f %.4f\">%n", name, x, y, z));
    s.append(String.format(Locale.ROOT, "      <freejoint name=\"%s_joint\"/>%n", name));
    String obj = "class=\"grocery\"";
    double h = height;
    switch (shape) {
      case CAN -> {
        s.append(geom(obj, "cylinder", 0, 0, h / 2, halfX, h / 2, 0, body, mass, "_body"));
        s.append(visual("cylinder", 0, 0, h * 0.5, halfX + 0.001, h * 0.22, 0, band, "_band"));
        s.append(visual("cylinder", 0, 0, h - 0.004, halfX * 0.92, 0.0045, 0, cap, "_lid"));
      }
      case BOTTLE -> {
        double shoulder = 0.72 * h;
        s.append(geom(obj, "cylinder", 0, 0, shoulder / 2, halfX, shoulder / 2, 0, body, mass * 0.85, "_body"));
        s.append(geom(obj, "cylinder", 0, 0, shoulder + (h - shoulder) / 2, halfX * 0.45, (h - shoulder) / 2, 0, body, mass * 0.15, "_neck"));
        s.append(visual("cylinder", 0, 0, shoulder * 0.45, halfX + 0.001, shoulder * 0.22, 0, band, "_band"));
        s.append(visual("cylinder", 0, 0, h - 0.008, halfX * 0.5, 0.009, 0, cap, "_cap"));
      }
      case BOX -> {
        s.append(geom(obj, "box", 0, 0, h / 2, halfX, halfY, h / 2, body, mass, "_body"));
        s.append(visual("box", 0, 0, h * 0.45, halfX + 0.001, halfY + 0.001, h * 0.18, band, "_band"));
        s.append(visual("box", 0, 0, h - 0.003, halfX * 0.9, halfY * 0.9, 0.0035, cap, "_lid"));
      }
    }
    s.append("    </body>\n");
    return s.toString();
  }

  private String geom(String cls, String type, double x, double y, double z, double a, double b, double c, double[] rgb,
      double m, String suffix) {
    String size = type.equals("cylinder") ? fmt(a) + " " + fmt(b) : fmt(a) + " " + fmt(b) + " " + fmt(c);
    return String.format(Locale.ROOT, "      <geom name=\"%s%s\" %s type=\"%s\" pos=\"%s %s %s\" size=\"%s\" rgba=\"%s 1\" mass=\"%s\"/>%n",
        name, suffix, cls, type, fmt(x), fmt(y), fmt(z), size, rgb(rgb), fmt(m));
  }

  private String visual(String type, double x, double y, double z, double a, double b, double c, double[] rgb, String suffix) {
    String size = type.equals("cylinder") ? fmt(a) + " " + fmt(b) : fmt(a) + " " + fmt(b) + " " + fmt(c);
    return String.format(Locale.ROOT,
        "      <geom name=\"%s%s\" class=\"grocery_visual\" type=\"%s\" pos=\"%s %s %s\" size=\"%s\" rgba=\"%s 1\"/>%n",
        name, suffix, type, fmt(x), fmt(y), fmt(z), size, rgb(rgb));
  }

  private static String rgb(double[] c) {
    return fmt(c[0]) + " " + fmt(c[1]) + " " + fmt(c[2]);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
