package org.vla4j.sim.suite;

import org.vla4j.mujoco.MjData;

/**
 * Success predicate of suite {@code object}: LIBERO's {@code In(object, basket)} — the target's
 * centre lies inside the basket's inner region (horizontally at least {@link #MARGIN} inside the
 * walls, vertically below the rim) and the target touches the basket (a contact between their
 * geoms). Horizontally the object's centre counts, vertically its base (a tall bottle standing in
 * the basket rises above the rim). Evaluated after every step.
 */
public final class InBasket {
  /** How far inside the inner walls the target's centre must be, metres. */
  public static final double MARGIN = 0.01;

  private InBasket() {}

  /** Whether the task of {@code scene} is achieved in state {@code d} (kinematics must be current). */
  public static boolean holds(TaskScene scene, MjData d) {
    double[] basket = new double[3], basketMat = new double[9], obj = new double[3], objMat = new double[9];
    d.bodyPos(scene.basketBody(), basket);
    d.bodyMat(scene.basketBody(), basketMat);
    d.bodyPos(scene.objectBody(0), obj);
    d.bodyMat(scene.objectBody(0), objMat);
    double h = scene.target().height() / 2;
    // centre of the object: its origin is the bottom face's centre, the body z-axis points up
    double cx = obj[0] + objMat[2] * h, cy = obj[1] + objMat[5] * h, cz = obj[2] + objMat[8] * h;
    double dx = cx - basket[0], dy = cy - basket[1], dz = cz - basket[2];
    // into the basket's frame (row-major R: local = Rᵀ · world)
    double lx = basketMat[0] * dx + basketMat[3] * dy + basketMat[6] * dz; // centre, horizontally
    double ly = basketMat[1] * dx + basketMat[4] * dy + basketMat[7] * dz;
    double bx = obj[0] - basket[0], by = obj[1] - basket[1], bz = obj[2] - basket[2];
    double lz = basketMat[2] * bx + basketMat[5] * by + basketMat[8] * bz;
    double inner = GroceryCatalog.BASKET_INNER_HALF - MARGIN;
    if (Math.abs(lx) > inner || Math.abs(ly) > inner) return false;
    if (lz < -0.01 || lz > GroceryCatalog.BASKET_FLOOR + GroceryCatalog.BASKET_WALL_HEIGHT) return false; // base, vertically
    for (int i = 0; i < d.contactCount(); i++) {
      int g1 = d.contactGeom1(i), g2 = d.contactGeom2(i);
      if ((scene.isTargetGeom(g1) && scene.isBasketGeom(g2)) || (scene.isTargetGeom(g2) && scene.isBasketGeom(g1))) {
        return true;
      }
    }
    return false;
  }
}
