package org.vla4j.bench;

import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.env.Observation;
import org.vla4j.sim.env.TabletopEnv;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;
import org.vla4j.sim.suite.TaskScene;
import java.nio.file.Path;
import org.vla4j.policy.vla.OnnxVlaPolicy;
import org.vla4j.rollout.PolicyAgent;
/**
 * Grounding probe: runs a VLA on the first K init states of every task until it first commands
 * "close" (at most 120 policy steps after the 10 wait steps) and reports which object is under the
 * hand then — the target, a distractor (within 5 cm in the plane), or none — with the planar
 * distance to every object, metres. The diagnostic behind "wrong object" in docs/history/RESULTS-history.md.
 *
 * <pre>java ... org.vla4j.bench.TargetChoiceProbe K [MODEL_DIR (default models/tiny-vla)]</pre>
 */
public final class TargetChoiceProbe {
  public static void main(String[] a) throws Exception {
    Suite suite = Suites.get("object");
    int eps = Integer.parseInt(a[0]);
    int[] hits = new int[6];
    try (TabletopEnv env = new TabletopEnv(suite, EnvConfig.DEFAULT);
        PolicyAgent agent = new PolicyAgent(OnnxVlaPolicy.load(Path.of(a.length > 1 ? a[1] : "models/tiny-vla"), PolicyAgent.envSpec(EnvConfig.DEFAULT), OnnxVlaPolicy.Overrides.NONE, 1))) {
      for (int task = 0; task < 10; task++) {
        for (int is = 0; is < eps; is++) {
          Observation o = env.reset(task, is);
          agent.reset(is);
          for (int s = 0; s < 10; s++) o = env.step(new double[] {0, 0, 0, 0, 0, 0, -1}).observation();
          int choice = 5;
          String dist = "";
          for (int s = 0; s < 120; s++) {
            double[] act = agent.act(env, o);
            if (act[6] > 0) {
              TaskScene sc = env.scene();
              double[] eef = new double[3];
              env.data().sitePos(sc.robot().gripSite(), eef);
              double best = 1e9;
              for (int k = 0; k < sc.objects().size(); k++) {
                double[] p = new double[3];
                env.data().bodyPos(sc.objectBody(k), p);
                double d = Math.hypot(p[0] - eef[0], p[1] - eef[1]);
                dist += String.format(" %s=%.3f", sc.objects().get(k).name(), d);
                if (d < best) { best = d; choice = k; }
              }
              if (best > 0.05) choice = 5;
              break;
            }
            o = env.step(act).observation();
          }
          hits[choice]++;
          System.out.printf("task %d is %d -> %s%s%n", task, is, choice == 5 ? "none" : choice == 0 ? "TARGET" : "distractor " + choice, dist);
        }
      }
    }
    System.out.printf("target %d, distractors %d %d %d %d, none %d%n", hits[0], hits[1], hits[2], hits[3], hits[4], hits[5]);
  }
}
