package org.vla4j.sim.expert;

import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.env.TabletopEnv;
import org.vla4j.sim.suite.Suites;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vla4j.sim.env.RenderSettings;

/**
 * The demonstration perturbations of {@link ScriptedExpert}: a detour executes a move toward a
 * distractor while the label (DART) keeps the way to the target; an early close executes "close"
 * while the label keeps "open"; the fingers settling, not a step count, ends the grasp.
 */
class ScriptedExpertPerturbationTest {
  record Step(double[] executed, double[] label, double[] eef, ScriptedExpert.Phase phase) {}

  static List<Step> run(ScriptedExpert.Noise noise, long seed, int task, int steps) {
    try (TabletopEnv env = new TabletopEnv(Suites.get("object"), new EnvConfig(32, RenderSettings.FAST, false, false))) {
      env.reset(task, 0);
      ScriptedExpert expert = new ScriptedExpert(noise);
      expert.reset(seed);
      List<Step> out = new ArrayList<>();
      for (int i = 0; i < steps; i++) {
        double[] a = expert.act(env.scene(), env.data());
        double[] eef = new double[3];
        env.data().sitePos(env.scene().robot().gripSite(), eef);
        out.add(new Step(a, expert.lastCleanAction(), eef, expert.phase()));
        if (env.step(a).done()) break;
      }
      return out;
    }
  }

  @Test
  void aDetourExecutesAMoveAwayFromTheLabelAndTheEpisodeStillSucceedsAfterwards() {
    // detours always drawn, no other noise: any executed != label difference is the detour. A
    // detour drawn to start after the hover phase has ended does not happen, so look over seeds.
    ScriptedExpert.Noise detourOnly = new ScriptedExpert.Noise(0, 0, 0, 1.0, 0);
    int longest = 0, happened = 0;
    for (long seed = 0; seed < 8; seed++) {
      List<Step> steps = run(detourOnly, seed, 0, 280);
      int differing = 0;
      for (Step s : steps) {
        boolean same = true;
        for (int i = 0; i < 3; i++) same &= s.executed()[i] == s.label()[i];
        if (!same) differing++;
      }
      if (differing > 0) happened++;
      longest = Math.max(longest, differing);
      assertThat(steps.getLast().phase()).as("seed %d: the script recovers and finishes", seed)
          .isIn(ScriptedExpert.Phase.RETREAT, ScriptedExpert.Phase.DONE, ScriptedExpert.Phase.RELEASE);
    }
    assertThat(happened).isPositive();
    assertThat(longest).isBetween(ScriptedExpert.DETOUR_MIN_STEPS, ScriptedExpert.DETOUR_MAX_STEPS);
  }

  @Test
  void anEarlyCloseExecutesCloseWhileTheLabelSaysOpen() {
    ScriptedExpert.Noise earlyOnly = new ScriptedExpert.Noise(0, 0, 0, 0, 1.0);
    List<Step> steps = run(earlyOnly, 3, 2, 280);
    long closedAgainstLabel = steps.stream().filter(s -> s.executed()[6] > 0 && s.label()[6] < 0).count();
    assertThat(closedAgainstLabel).isBetween((long) ScriptedExpert.EARLY_CLOSE_MIN_STEPS, (long) ScriptedExpert.EARLY_CLOSE_MAX_STEPS);
    // the arm part is never touched by an early close
    for (Step s : steps) {
      for (int i = 0; i < 6; i++) assertThat(s.executed()[i]).isEqualTo(s.label()[i]);
    }
  }

  @Test
  void withoutNoiseNothingIsExecutedThatIsNotTheLabel() {
    // the evaluation expert: detour and early-close machinery must stay silent when their chances are 0
    List<Step> steps = run(ScriptedExpert.Noise.NONE, 9, 6, 280);
    assertThat(steps.size()).isGreaterThan(50);
    for (Step s : steps) assertThat(s.executed()).containsExactly(s.label());
  }

  @Test
  void theLiftStartsWhenTheFingersSettleNotAfterAFixedCount() {
    List<Step> steps = run(ScriptedExpert.Noise.NONE, 1, 0, 280);
    int closeSteps = 0;
    for (Step s : steps) if (s.phase() == ScriptedExpert.Phase.CLOSE) closeSteps++;
    // the fingers meet the can within a few steps; the former script waited 12
    assertThat(closeSteps).isBetween(3, 11);
    int firstLift = -1;
    for (int i = 0; i < steps.size() && firstLift < 0; i++) if (steps.get(i).phase() == ScriptedExpert.Phase.LIFT) firstLift = i;
    assertThat(firstLift).isPositive();
    // the step after the switch: the label points up, slowly (height ramp), not at carry speed 0.7
    assertThat(steps.get(firstLift + 1).label()[2]).isBetween(0.05, 0.45);
  }
}
