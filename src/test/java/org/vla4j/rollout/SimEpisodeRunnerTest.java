package org.vla4j.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vla4j.sim.env.RenderSettings;
import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.env.Observation;
import org.vla4j.sim.suite.Suites;
import org.vla4j.sim.env.TabletopEnv;

class SimEpisodeRunnerTest {
  /** Moves, closes the gripper at agent step 2, then sends NaN at agent step 4. */
  static final class BreakingAgent implements Agent {
    int step;

    @Override
    public String tag() {
      return "breaker";
    }

    @Override
    public void reset(long seed) {
      step = 0;
    }

    @Override
    public double[] act(org.vla4j.sim.env.Env env, Observation observation) {
      int s = step++;
      double g = s >= 2 ? 1 : -1;
      return s == 4 ? new double[] {Double.NaN, 0, 0, 0, 0, 0, g} : new double[] {0.1, 0, 0, 0, 0, 0, g};
    }
  }

  @Test
  void aNanActionEndsTheEpisodeAsSimUnstableAndTheRunnerGoesOn() {
    EnvConfig config = new EnvConfig(32, RenderSettings.FAST, true, false);
    try (SimEpisodeRunner runner = new SimEpisodeRunner(Suites.get("object"), config, new BreakingAgent())) {
      EpisodeResult r = runner.run(new EpisodeSpec(0, 0, 0, 1));
      assertThat(r.success()).isFalse();
      assertThat(r.failureReason()).isEqualTo("sim_unstable");
      assertThat(r.steps()).isEqualTo(5);
      assertThat(r.firstGripperCloseStep()).isEqualTo(2);
      assertThat(r.stepRecords()).hasSize(10 + 5);
      assertThat(r.stepRecords().get(10).tag()).isEqualTo("breaker");
      EpisodeResult next = runner.run(new EpisodeSpec(1, 0, 1, 2));
      assertThat(next.failureReason()).isEqualTo("sim_unstable");
      assertThat(next.stepRecords().get(0).imgMean()).isFinite();
    }
  }
}
