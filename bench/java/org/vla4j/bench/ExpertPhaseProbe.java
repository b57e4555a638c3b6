package org.vla4j.bench;

import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.env.TabletopEnv;
import org.vla4j.sim.expert.ScriptedExpert;
import org.vla4j.sim.suite.GroceryCatalog;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;
import java.util.Locale;
/**
 * Runs the noise-free scripted expert on the evaluation init states {@code 0..K-1} of every task and
 * reports how its LOWER phase (carrying the target down into the basket) ends: in the release band
 * around the release height, or after its 30-step limit, and how high the target's base then is above
 * the basket floor. A phase that ends on a step count is one a memoryless policy cannot imitate.
 *
 * <pre>java ... org.vla4j.bench.ExpertPhaseProbe K</pre>
 */
public final class ExpertPhaseProbe {
  public static void main(String[] a) {
    Suite suite = Suites.get("object");
    int eps = Integer.parseInt(a[0]);
    try (TabletopEnv env = new TabletopEnv(suite, new EnvConfig(32, org.vla4j.sim.env.RenderSettings.FAST, false, false))) {
      for (int task = 0; task < suite.tasks().size(); task++) {
        int byBand = 0, byCount = 0;
        double minBase = 1e9, maxBase = -1e9, maxLowerSteps = 0;
        for (int is = 0; is < eps; is++) {
          env.reset(task, is);
          for (int s = 0; s < suite.waitSteps(); s++) env.step(Suite.waitAction());
          ScriptedExpert expert = new ScriptedExpert(ScriptedExpert.Noise.NONE);
          expert.reset(is);
          int lowerSteps = 0;
          ScriptedExpert.Phase last = expert.phase();
          for (int k = 0; k < suite.maxSteps(); k++) {
            boolean done = env.step(expert.act(env.scene(), env.data())).done();
            ScriptedExpert.Phase now = expert.phase();
            if (now == ScriptedExpert.Phase.LOWER) lowerSteps++;
            if (last == ScriptedExpert.Phase.LOWER && now == ScriptedExpert.Phase.RELEASE) {
              double[] p = new double[3], basket = new double[3];
              env.data().bodyPos(env.scene().objectBody(0), p);
              env.data().bodyPos(env.scene().basketBody(), basket);
              double base = p[2] - basket[2] - GroceryCatalog.BASKET_FLOOR;
              minBase = Math.min(minBase, base);
              maxBase = Math.max(maxBase, base);
              if (lowerSteps > 30) byCount++;
              else byBand++;
              maxLowerSteps = Math.max(maxLowerSteps, lowerSteps);
            }
            last = now;
            if (done) break;
          }
        }
        System.out.printf(Locale.ROOT, "task %d %-18s LOWER ends in the band %2d, after 30 steps %2d; longest LOWER %2.0f steps; base above floor at release %.3f..%.3f m%n",
            task, suite.task(task).instruction().split(" ")[3], byBand, byCount, maxLowerSteps, minBase, maxBase);
      }
    }
  }
}
