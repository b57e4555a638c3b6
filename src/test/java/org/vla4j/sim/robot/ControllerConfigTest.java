package org.vla4j.sim.robot;

import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.env.TabletopEnv;
import org.vla4j.sim.expert.ScriptedExpert;
import org.vla4j.sim.suite.Suites;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vla4j.sim.env.RenderSettings;

/** The controller input range: X = 4 with 4× actions must reproduce X = 1 exactly. */
class ControllerConfigTest {
  record Trace(List<double[]> actions, List<double[]> qpos) {}

  static Trace run(double inputMax, int steps) {
    ControllerConfig c = new ControllerConfig(inputMax);
    EnvConfig config = new EnvConfig(32, RenderSettings.FAST, false, false).withController(c);
    try (TabletopEnv env = new TabletopEnv(Suites.get("object"), config)) {
      env.reset(3, 0);
      ScriptedExpert expert = new ScriptedExpert(new ScriptedExpert.Noise(0.1, 0.05, 5), c);
      expert.reset(11);
      List<double[]> actions = new ArrayList<>(), qpos = new ArrayList<>();
      for (int i = 0; i < steps; i++) {
        double[] a = expert.act(env.scene(), env.data());
        env.step(a);
        actions.add(a);
        qpos.add(env.data().qpos());
      }
      return new Trace(actions, qpos);
    }
  }

  @Test
  void fourTimesTheRangeWithFourTimesTheActionsIsTheSameTrajectory() {
    Trace one = run(1.0, 40), four = run(4.0, 40);
    double maxArm1 = 0, maxArm4 = 0;
    for (int i = 0; i < 40; i++) {
      double[] a1 = one.actions().get(i), a4 = four.actions().get(i);
      for (int k = 0; k < 6; k++) {
        assertThat(a4[k]).isEqualTo(4 * a1[k]);
        maxArm1 = Math.max(maxArm1, Math.abs(a1[k]));
        maxArm4 = Math.max(maxArm4, Math.abs(a4[k]));
      }
      assertThat(a4[6]).as("gripper is not scaled").isEqualTo(a1[6]);
      assertThat(four.qpos().get(i)).as("qpos after step " + i).containsExactly(one.qpos().get(i));
    }
    assertThat(maxArm4).isGreaterThan(1.0).isEqualTo(4 * maxArm1);
  }

  @Test
  void defaultRangePassesActionsThroughAndLargerRangesClipThenScale() {
    double[] a = {0.5, -2, 3, 0, 0, 0, 1};
    assertThat(ControllerConfig.DEFAULT.toUnitRange(a)).isSameAs(a);
    assertThat(new ControllerConfig(2).toUnitRange(new double[] {1, -3, 5, 0.5, 0, -2, 1}))
        .containsExactly(0.5, -1, 1, 0.25, 0, -1, 1);
    assertThat(new EnvConfig(32, RenderSettings.FAST, false, false).controller()).isEqualTo(ControllerConfig.DEFAULT);
    assertThatThrownBy(() -> new ControllerConfig(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("> 0");
  }
}
