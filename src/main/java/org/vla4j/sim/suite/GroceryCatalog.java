package org.vla4j.sim.suite;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The ten grocery items of suite {@code object}, in LIBERO's task order, and the basket. Sizes
 * are chosen so every item fits the Panda's 0.08 m opening across its grasp axis and the items
 * differ in shape, size and colour.
 */
public final class GroceryCatalog {
  private GroceryCatalog() {}

  private static double[] c(double r, double g, double b) {
    return new double[] {r, g, b};
  }

  /** The items, index = task id of suite {@code object}. */
  public static final List<GroceryObject> ITEMS = List.of(
      new GroceryObject("alphabet_soup", GroceryObject.Shape.CAN, 0.032, 0.032, 0.085, 0.25, c(0.85, 0.12, 0.10), c(0.95, 0.95, 0.92), c(0.75, 0.75, 0.78)),
      new GroceryObject("cream_cheese", GroceryObject.Shape.BOX, 0.045, 0.028, 0.035, 0.15, c(0.30, 0.50, 0.85), c(0.95, 0.95, 0.95), c(0.75, 0.78, 0.85)),
      new GroceryObject("salad_dressing", GroceryObject.Shape.BOTTLE, 0.026, 0.026, 0.115, 0.25, c(0.75, 0.85, 0.45), c(0.20, 0.45, 0.15), c(0.95, 0.95, 0.95)),
      new GroceryObject("bbq_sauce", GroceryObject.Shape.BOTTLE, 0.027, 0.027, 0.105, 0.25, c(0.35, 0.16, 0.08), c(0.95, 0.75, 0.20), c(0.10, 0.10, 0.10)),
      new GroceryObject("ketchup", GroceryObject.Shape.BOTTLE, 0.025, 0.025, 0.12, 0.25, c(0.90, 0.08, 0.08), c(0.95, 0.95, 0.95), c(0.95, 0.95, 0.95)),
      new GroceryObject("tomato_sauce", GroceryObject.Shape.CAN, 0.034, 0.034, 0.065, 0.25, c(0.95, 0.40, 0.10), c(0.20, 0.60, 0.20), c(0.75, 0.75, 0.78)),
      new GroceryObject("butter", GroceryObject.Shape.BOX, 0.045, 0.025, 0.032, 0.12, c(0.98, 0.88, 0.30), c(0.95, 0.95, 0.95), c(0.98, 0.92, 0.55)),
      new GroceryObject("milk", GroceryObject.Shape.BOX, 0.028, 0.028, 0.11, 0.25, c(0.96, 0.96, 0.96), c(0.20, 0.35, 0.85), c(0.20, 0.35, 0.85)),
      new GroceryObject("chocolate_pudding", GroceryObject.Shape.BOX, 0.040, 0.027, 0.038, 0.12, c(0.40, 0.22, 0.12), c(0.90, 0.80, 0.60), c(0.30, 0.15, 0.08)),
      new GroceryObject("orange_juice", GroceryObject.Shape.BOX, 0.028, 0.028, 0.11, 0.25, c(1.00, 0.60, 0.05), c(0.20, 0.60, 0.15), c(1.00, 0.60, 0.05)));

  private static final Map<String, GroceryObject> BY_NAME =
      ITEMS.stream().collect(Collectors.toUnmodifiableMap(GroceryObject::name, Function.identity()));

  /**
   * An item by name.
   *
   * @throws IllegalArgumentException if unknown; lists the valid names
   */
  public static GroceryObject item(String name) {
    GroceryObject o = BY_NAME.get(name);
    if (o == null) {
      throw new IllegalArgumentException("unknown object '" + name + "'; valid: "
          + ITEMS.stream().map(GroceryObject::name).collect(Collectors.joining(", ")));
    }
    return o;
  }

  /** Basket inner half-width (square), metres. */
  public static final double BASKET_INNER_HALF = 0.085;
  /** Basket wall height above its floor's top, metres. */
  public static final double BASKET_WALL_HEIGHT = 0.065;
  /** Basket wall thickness, metres. */
  public static final double BASKET_WALL = 0.008;
  /** Basket floor thickness, metres. */
  public static final double BASKET_FLOOR = 0.008;
  /** Basket mass, kg: heavy enough not to be dragged by a brushing gripper. */
  public static final double BASKET_MASS = 1.5;

  /** MJCF of the basket: a free body whose origin is the centre of its bottom face. */
  public static String basketMjcf() {
    double h = BASKET_INNER_HALF, w = BASKET_WALL, f = BASKET_FLOOR, wall = BASKET_WALL_HEIGHT;
    double outer = h + w;
    String rgb = "0.55 0.38 0.22 1";
    String dark = "0.45 0.30 0.17 1";
    StringBuilder s = new StringBuilder();
    s.append("    <body name=\"basket\" pos=\"0.1 0.25 0.9\">\n");
    s.append("      <freejoint name=\"basket_joint\"/>\n");
    s.append(String.format(java.util.Locale.ROOT,
        "      <geom name=\"basket_floor\" class=\"basket\" type=\"box\" pos=\"0 0 %.4f\" size=\"%.4f %.4f %.4f\" rgba=\"%s\" mass=\"%.3f\"/>%n",
        f / 2, outer, outer, f / 2, dark, BASKET_MASS * 0.4));
    double zc = f + wall / 2;
    String[][] walls = {
      {"basket_wall_px", String.format(java.util.Locale.ROOT, "%.4f 0 %.4f", h + w / 2, zc), String.format(java.util.Locale.ROOT, "%.4f %.4f %.4f", w / 2, outer, wall / 2)},
      {"basket_wall_nx", String.format(java.util.Locale.ROOT, "%.4f 0 %.4f", -(h + w / 2), zc), String.format(java.util.Locale.ROOT, "%.4f %.4f %.4f", w / 2, outer, wall / 2)},
      {"basket_wall_py", String.format(java.util.Locale.ROOT, "0 %.4f %.4f", h + w / 2, zc), String.format(java.util.Locale.ROOT, "%.4f %.4f %.4f", h, w / 2, wall / 2)},
      {"basket_wall_ny", String.format(java.util.Locale.ROOT, "0 %.4f %.4f", -(h + w / 2), zc), String.format(java.util.Locale.ROOT, "%.4f %.4f %.4f", h, w / 2, wall / 2)},
    };
    for (String[] g : walls) {
      s.append(String.format(java.util.Locale.ROOT,
          "      <geom name=\"%s\" class=\"basket\" type=\"box\" pos=\"%s\" size=\"%s\" rgba=\"%s\" mass=\"%.3f\"/>%n",
          g[0], g[1], g[2], rgb, BASKET_MASS * 0.15));
    }
    s.append("    </body>\n");
    return s.toString();
  }

  /** Default classes the objects and basket use; goes into the scene's {@code <default>} section. */
  public static String defaultsMjcf() {
    return """
        <default class="grocery">
          <geom contype="1" conaffinity="3" condim="4" friction="1.2 0.02 0.0001" solref="0.01 1" priority="0"/>
        </default>
        <default class="grocery_visual">
          <geom contype="0" conaffinity="0" group="1" mass="0"/>
        </default>
        <default class="basket">
          <geom contype="1" conaffinity="3" condim="3" friction="1 0.005 0.0001"/>
        </default>
    """;
  }
}
