package org.vla4j.sim.expert;

import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.env.TabletopEnv;
import org.vla4j.sim.suite.GroceryCatalog;
import org.vla4j.sim.suite.Suites;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vla4j.sim.env.RenderSettings;

/**
 * {@link ScriptedExpert#labeller()} on states it did not drive to: a fresh labeller must read the
 * phase from the scene (grasping, carrying) where a fresh scripted expert, which always starts at
 * HOVER with the gripper open, would label "open" and drop what the hand holds.
 */
class ScriptedExpertLabellerTest {
  /** Runs the plain expert from task 1's init state 0 until it enters {@code phase}, then asks both fresh agents. */
  static double[][] freshLabels(ScriptedExpert.Phase phase, int extraSteps) {
    try (TabletopEnv env = new TabletopEnv(Suites.get("object"), new EnvConfig(32, RenderSettings.FAST, false, false))) {
      env.reset(1, 0);
      ScriptedExpert driver = new ScriptedExpert(ScriptedExpert.Noise.NONE);
      driver.reset(3);
      int after = -1;
      for (int k = 0; k < 280; k++) {
        if (driver.phase() == phase && after < 0) after = 0;
        if (after >= 0 && after++ == extraSteps) break;
        env.step(driver.act(env.scene(), env.data()));
      }
      assertThat(driver.phase()).as("the plain expert reached %s", phase).isIn(phase, ScriptedExpert.Phase.values()[phase.ordinal() + 1]);
      ScriptedExpert labeller = ScriptedExpert.labeller();
      labeller.reset(3);
      ScriptedExpert fresh = new ScriptedExpert(ScriptedExpert.Noise.NONE);
      fresh.reset(3);
      double[] l = labeller.act(env.scene(), env.data());
      ScriptedExpert.Phase labellerPhase = labeller.phase();
      double[] f = fresh.act(env.scene(), env.data());
      return new double[][] {l, f, {labellerPhase.ordinal()}};
    }
  }

  @Test
  void aTargetCarriedAboveTheTableIsLiftedOnNotDropped() {
    double[][] r = freshLabels(ScriptedExpert.Phase.CARRY, 3);
    assertThat(r[1][6]).as("a fresh expert opens the gripper").isEqualTo(-1);
    assertThat(r[0][6]).as("the labeller keeps it closed").isEqualTo(1);
    // LIFT, and at carry height already on to CARRY in the same step
    assertThat(ScriptedExpert.Phase.values()[(int) r[2][0]]).isIn(ScriptedExpert.Phase.LIFT, ScriptedExpert.Phase.CARRY);
  }

  @Test
  void fingersClosingAtTheGraspPointAreLabelledClose() {
    double[][] r = freshLabels(ScriptedExpert.Phase.CLOSE, 3);
    assertThat(r[1][6]).as("a fresh expert opens the gripper").isEqualTo(-1);
    assertThat(r[0][6]).as("the labeller keeps closing").isEqualTo(1);
    assertThat(ScriptedExpert.Phase.values()[(int) r[2][0]]).isEqualTo(ScriptedExpert.Phase.CLOSE);
  }

  @Test
  void aTargetHeldStillOverTheBasketIsLabelledDownNotReleasedOnACount() {
    try (TabletopEnv env = new TabletopEnv(Suites.get("object"), new EnvConfig(32, RenderSettings.FAST, false, false))) {
      env.reset(7, 0);
      ScriptedExpert driver = new ScriptedExpert(ScriptedExpert.Noise.NONE);
      ScriptedExpert labeller = ScriptedExpert.labeller();
      ScriptedExpert plain = new ScriptedExpert(ScriptedExpert.Noise.NONE); // shadows the labeller without its rules
      driver.reset(5);
      labeller.reset(5);
      plain.reset(5);
      for (int k = 0; k < 280 && driver.phase() != ScriptedExpert.Phase.LOWER; k++) {
        labeller.act(env.scene(), env.data());
        plain.act(env.scene(), env.data());
        env.step(driver.act(env.scene(), env.data()));
      }
      assertThat(driver.phase()).isEqualTo(ScriptedExpert.Phase.LOWER);
      double[] hold = {0, 0, 0, 0, 0, 0, 1}; // the driver stops over the basket, fingers shut on the milk carton
      double[] l = null, p = null;
      for (int k = 0; k < 45; k++) {
        l = labeller.act(env.scene(), env.data());
        p = plain.act(env.scene(), env.data());
        env.step(hold);
      }
      assertThat(p[6]).as("the plain script releases after its 30 steps").isEqualTo(-1);
      assertThat(l[6]).as("the labeller keeps the grip").isEqualTo(1);
      assertThat(l[2]).as("and says go down").isNegative();
      assertThat(labeller.phase()).isEqualTo(ScriptedExpert.Phase.LOWER);
    }
  }

  @Test
  void aCartonLoweredToWithinTheReleaseHeightOfTheBasketFloorIsLetGoAboveTheHandsReleaseBand() {
    try (TabletopEnv env = new TabletopEnv(Suites.get("object"), new EnvConfig(32, RenderSettings.FAST, false, false))) {
      env.reset(7, 0);
      ScriptedExpert driver = new ScriptedExpert(ScriptedExpert.Noise.NONE);
      driver.reset(5);
      double[] obj = new double[3], basket = new double[3], eef = new double[3];
      double baseAtRelease = Double.NaN, handAboveFloorAtRelease = Double.NaN;
      for (int k = 0; k < 280 && driver.phase() != ScriptedExpert.Phase.RELEASE; k++) {
        env.step(driver.act(env.scene(), env.data()));
        env.data().bodyPos(env.scene().objectBody(0), obj);
        env.data().bodyPos(env.scene().basketBody(), basket);
        env.data().sitePos(env.scene().robot().gripSite(), eef);
        baseAtRelease = obj[2] - basket[2] - GroceryCatalog.BASKET_FLOOR;
        handAboveFloorAtRelease = eef[2] - basket[2] - GroceryCatalog.BASKET_FLOOR;
      }
      assertThat(driver.phase()).isEqualTo(ScriptedExpert.Phase.RELEASE);
      double releaseBand = 0.02 + env.scene().target().graspHeight() + 0.012; // the hand's band's top, above the floor
      assertThat(baseAtRelease).as("let go with the carton's base this high over the floor").isLessThan(ScriptedExpert.RELEASE_BASE + 0.01);
      assertThat(handAboveFloorAtRelease).as("before the hand reached its own release band").isGreaterThan(releaseBand);
    }
  }

  @Test
  void aHandOverTheTargetBelowTheHoverPointIsDescending() {
    double[][] r = freshLabels(ScriptedExpert.Phase.DESCEND, 4);
    assertThat(r[1][2]).as("a fresh expert climbs back to the hover point").isPositive();
    assertThat(r[0][2]).as("the labeller goes on down").isNegative();
    assertThat(ScriptedExpert.Phase.values()[(int) r[2][0]]).isEqualTo(ScriptedExpert.Phase.DESCEND);
  }
}
