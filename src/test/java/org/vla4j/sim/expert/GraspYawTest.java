package org.vla4j.sim.expert;

import org.vla4j.sim.suite.GroceryCatalog;
import org.vla4j.sim.suite.GroceryObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** {@link ScriptedExpert#graspYawError}: the yaw the expert turns to grasp a box across a narrow side. */
class GraspYawTest {
  /** Row-major rotation about world z by {@code yaw}. */
  static double[] rotZ(double yaw) {
    double c = Math.cos(yaw), s = Math.sin(yaw);
    return new double[] {c, -s, 0, s, c, 0, 0, 0, 1};
  }

  static double error(String item, double objectYaw, double handYaw) {
    return ScriptedExpert.graspYawError(GroceryCatalog.item(item), rotZ(objectYaw), rotZ(handYaw));
  }

  @Test
  void anOblongBoxIsTurnedModuloPi() {
    assertThat(GroceryCatalog.item("butter").squareInPlan()).isFalse();
    assertThat(error("butter", Math.toRadians(80), 0)).isCloseTo(Math.toRadians(80), within(1e-9));
    assertThat(error("butter", Math.toRadians(100), 0)).isCloseTo(Math.toRadians(-80), within(1e-9));
  }

  @Test
  void aSquareCartonIsTurnedModuloHalfPiSinceEitherPairOfFacesFits() {
    assertThat(GroceryCatalog.item("milk").squareInPlan()).isTrue();
    assertThat(GroceryCatalog.item("orange_juice").squareInPlan()).isTrue();
    assertThat(error("milk", Math.toRadians(80), 0)).isCloseTo(Math.toRadians(-10), within(1e-9));
    assertThat(error("milk", Math.toRadians(90), 0)).isCloseTo(0, within(1e-9));
    assertThat(error("orange_juice", Math.toRadians(30), Math.toRadians(-10))).isCloseTo(Math.toRadians(40), within(1e-9));
  }

  @Test
  void theTurnCommandIsTheErrorNearZeroAndFallsToZeroWhereTheErrorWraps() {
    GroceryObject butter = GroceryCatalog.item("butter"), milk = GroceryCatalog.item("milk");
    assertThat(ScriptedExpert.yawCommand(butter, 0.02)).isCloseTo(0.02, within(1e-5));
    assertThat(ScriptedExpert.yawCommand(milk, -0.02)).isCloseTo(-0.02, within(1e-4));
    // the two sides of the wrap (±π/2 for butter, ±π/4 for milk) are one hand pose: one command
    for (double eps : new double[] {1e-3, 1e-6}) {
      double atButter = ScriptedExpert.yawCommand(butter, Math.PI / 2 - eps);
      double atMilk = ScriptedExpert.yawCommand(milk, -Math.PI / 4 + eps);
      assertThat(Math.abs(atButter)).isLessThan(2 * eps);
      assertThat(Math.abs(atMilk)).isLessThan(2 * eps);
      assertThat(atButter - ScriptedExpert.yawCommand(butter, -Math.PI / 2 + eps)).isCloseTo(0, within(4 * eps));
    }
    // it still turns the short way: same sign as the error everywhere inside the period
    for (double e = -0.78; e <= 0.78; e += 0.01) {
      if (Math.abs(e) > 1e-9) assertThat(Math.signum(ScriptedExpert.yawCommand(milk, e))).isEqualTo(Math.signum(e));
    }
    assertThat(ScriptedExpert.yawCommand(GroceryCatalog.item("alphabet_soup"), 0.3)).isZero();
  }

  @Test
  void roundObjectsNeedNoTurn() {
    assertThat(error("alphabet_soup", 1.0, 0)).isZero();
  }
}
