package org.vla4j.sim.expert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vla4j.sim.libero.LiberoBenchmark;
import org.vla4j.sim.libero.SharedLibero;
import org.vla4j.sim.libero.env.LiberoEnv;
import org.vla4j.sim.libero.init.PrunedInitFile;
import org.vla4j.sim.libero.scene.LiberoSceneComposer;
import org.vla4j.sim.robot.ControllerConfig;

/** LiberoExpert's perturbations on a real libero_object scene: executed ≠ label, labels clean, a pure function of the seed. */
class LiberoExpertNoiseTest {
  private static List<double[][]> run(LiberoBenchmark b, ScriptedExpert.Noise noise, long seed) {
    List<double[][]> out = new ArrayList<>();
    try (LiberoEnv env = new LiberoEnv(new LiberoSceneComposer(b.paths()).compose(b.problems().get(0)))) {
      env.setInitState(PrunedInitFile.read(b.initFiles().get(0)).get(0));
      LiberoExpert e = new LiberoExpert(ControllerConfig.DEFAULT, noise);
      e.reset(seed);
      for (int s = 0; s < 40; s++) {
        double[] executed = e.act(env.world());
        out.add(new double[][] {executed, e.lastAction()});
        env.step(executed);
      }
    }
    return out;
  }

  @Test
  void perturbsTheExecutedActionOnlyAndDependsOnlyOnTheSeed() {
    LiberoBenchmark b = LiberoBenchmark.load(SharedLibero.paths(), "libero_object");
    ScriptedExpert.Noise noisy = new ScriptedExpert.Noise(0.1, 0.05, 5, 1.0, 0);
    List<double[][]> a = run(b, noisy, 7), again = run(b, noisy, 7), other = run(b, noisy, 8), clean = run(b, ScriptedExpert.Noise.NONE, 7);
    int differ = 0, seedsDiffer = 0;
    for (int s = 0; s < a.size(); s++) {
      assertArrayEquals(a.get(s)[0], again.get(s)[0], "step " + s);
      assertArrayEquals(clean.get(s)[0], clean.get(s)[1], "noise-free: executed = label, step " + s);
      for (int i = 0; i < 6; i++) assertTrue(Math.abs(a.get(s)[0][i]) <= 1 && Math.abs(a.get(s)[1][i]) <= 1);
      if (!java.util.Arrays.equals(a.get(s)[0], a.get(s)[1])) differ++;
      if (!java.util.Arrays.equals(a.get(s)[0], other.get(s)[0])) seedsDiffer++;
    }
    assertTrue(differ > 30, "executed differs from the label on " + differ + " of 40 steps");
    assertTrue(seedsDiffer > 30, "seeds 7 and 8 differ on " + seedsDiffer + " of 40 steps");
  }
}
