package org.vla4j.sim.env;

import org.vla4j.sim.expert.ScriptedExpert;
import org.vla4j.sim.robot.PandaRobot;
import org.vla4j.sim.suite.InBasket;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;
import org.vla4j.sim.suite.TaskScene;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.vla4j.mujoco.MjState;

class TabletopEnvTest {
  static final Suite SUITE = Suites.get("object");

  @Test
  void observationHasLiberoKeysAndShapes() {
    try (TabletopEnv env = new TabletopEnv(SUITE, EnvConfig.DEFAULT)) {
      Observation o = env.reset(2, 0);
      assertThat(o.agentviewImage()).hasSize(128 * 128 * 3);
      assertThat(o.eyeInHandImage()).hasSize(128 * 128 * 3);
      assertThat(o.eefPos()).hasSize(3);
      assertThat(o.jointPos()).containsExactly(PandaRobot.HOME_QPOS, within(0.02));
      assertThat(o.gripperQpos()[0]).isCloseTo(0.04, within(0.002));
      assertThat(o.gripperQpos()[1]).isCloseTo(-0.04, within(0.002));
      double[] q = o.eefQuatXyzw();
      assertThat(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]).isCloseTo(1, within(1e-9));
      double[] s = o.state8();
      assertThat(s).hasSize(8);
      assertThat(new double[] {s[0], s[1], s[2]}).containsExactly(o.eefPos());
      // the hand points down at home: its axis-angle is a rotation of ≈ π about a horizontal axis
      assertThat(Math.sqrt(s[3] * s[3] + s[4] * s[4] + s[5] * s[5])).isCloseTo(Math.PI, within(0.2));
      assertThat(env.instruction()).isEqualTo("pick up the salad dressing and place it in the basket");
    }
  }

  @Test
  void resetRestoresTheInitStateExactly() {
    try (TabletopEnv env = new TabletopEnv(SUITE, new EnvConfig(64, org.vla4j.sim.env.RenderSettings.FAST, true, false))) {
      Observation a = env.reset(1, 3);
      double[] stateA = env.data().getState(MjState.FULL_PHYSICS);
      for (int i = 0; i < 5; i++) env.step(new double[] {0.5, 0.2, -0.3, 0, 0, 0.1, 1});
      Observation b = env.reset(1, 3);
      assertThat(env.data().getState(MjState.FULL_PHYSICS)).containsExactly(stateA);
      assertThat(b.agentviewImage()).isEqualTo(a.agentviewImage());
    }
  }

  @Test
  void nanActionMakesTheSimulationUnstable() {
    try (TabletopEnv env = new TabletopEnv(SUITE, new EnvConfig(64, org.vla4j.sim.env.RenderSettings.FAST, false, false))) {
      env.reset(0, 0);
      StepResult r = env.step(new double[] {Double.NaN, 0, 0, 0, 0, 0, -1});
      assertThat(r.simUnstable()).isTrue();
      assertThat(r.done()).isFalse();
      assertThat(r.reward()).isZero();
    }
  }

  @Test
  void targetDroppedInTheBasketSatisfiesInBasketAndOnTheTableDoesNot() {
    try (TabletopEnv env = new TabletopEnv(SUITE, new EnvConfig(64, org.vla4j.sim.env.RenderSettings.FAST, false, false))) {
      env.reset(5, 0);
      TaskScene scene = env.scene();
      assertThat(InBasket.holds(scene, env.data())).isFalse();
      double[] basket = new double[3];
      env.data().bodyPos(scene.basketBody(), basket);
      int adr = scene.objectQpos(0);
      env.data().setQpos(adr, basket[0]);
      env.data().setQpos(adr + 1, basket[1]);
      env.data().setQpos(adr + 2, basket[2] + 0.03);
      env.data().forward();
      StepResult r = null;
      for (int i = 0; i < 10; i++) r = env.step(new double[] {0, 0, 0, 0, 0, 0, -1});
      assertThat(r.done()).isTrue();
      assertThat(r.reward()).isEqualTo(1.0);
      // beside the basket on the table: not in
      env.reset(5, 0);
      env.data().setQpos(adr, basket[0] + 0.2);
      env.data().setQpos(adr + 1, basket[1] - 0.2);
      env.data().forward();
      for (int i = 0; i < 5; i++) r = env.step(new double[] {0, 0, 0, 0, 0, 0, -1});
      assertThat(r.done()).isFalse();
    }
  }

  @Test
  void scriptedExpertPicksAndPlaces() {
    try (TabletopEnv env = new TabletopEnv(SUITE, new EnvConfig(64, org.vla4j.sim.env.RenderSettings.FAST, false, false))) {
      for (int[] ti : new int[][] {{0, 0}, {4, 1}, {8, 2}}) {
        env.reset(ti[0], ti[1]);
        ScriptedExpert expert = new ScriptedExpert(ScriptedExpert.Noise.NONE);
        expert.reset(1);
        boolean done = false;
        for (int k = 0; k < 280 && !done; k++) done = env.step(expert.act(env.scene(), env.data())).done();
        assertThat(done).as("expert on task %d init state %d", ti[0], ti[1]).isTrue();
      }
    }
  }
}
