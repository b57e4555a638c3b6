package org.vla4j.sim.env;

import org.vla4j.sim.robot.PandaController;
import org.vla4j.sim.suite.PandaScene;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vla4j.mujoco.MjData;
import org.vla4j.mujoco.MjModel;
import org.vla4j.mujoco.MjState;
import org.vla4j.mujoco.OffscreenRenderer;
/** Same actions from the same state must give byte-identical qpos and rendered frames. */
class DeterminismTest {
  record Run(double[] qpos, byte[] agentview, byte[] wrist) {}

  static Run run(MjModel model, OffscreenRenderer renderer, double[] initState, long seed) {
    try (MjData d = new MjData(model)) {
      d.setState(MjState.FULL_PHYSICS, initState);
      d.forward();
      PandaController c = new PandaController(model);
      c.reset();
      SplittableRandom rng = new SplittableRandom(seed);
      for (int i = 0; i < 15; i++) {
        double[] a = new double[7];
        for (int k = 0; k < 7; k++) a[k] = rng.nextDouble(-1, 1);
        c.step(d, a);
      }
      return new Run(d.qpos(), renderer.render(d, PandaScene.AGENTVIEW), renderer.render(d, PandaScene.EYE_IN_HAND));
    }
  }

  @Test
  void sameActionsFromTheSameStateAreByteIdentical() {
    try (MjModel model = PandaScene.load();
        OffscreenRenderer renderer = new OffscreenRenderer(model, 128, 128, RenderSettings.FAST.sceneFlags())) {
      double[] init;
      try (MjData d = new MjData(model)) {
        d.resetToKeyframe("home");
        init = d.getState(MjState.FULL_PHYSICS);
      }
      Run a = run(model, renderer, init, 7);
      Run b = run(model, renderer, init, 7);
      Run other = run(model, renderer, init, 8);
      assertThat(b.qpos()).containsExactly(a.qpos());
      assertThat(b.agentview()).isEqualTo(a.agentview());
      assertThat(b.wrist()).isEqualTo(a.wrist());
      assertThat(other.qpos()).as("a different action sequence must differ").isNotEqualTo(a.qpos());
      assertThat(other.agentview()).isNotEqualTo(a.agentview());
    }
  }
}
