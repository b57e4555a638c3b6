package org.vla4j.bench;

import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.env.Observation;
import org.vla4j.sim.env.StepResult;
import org.vla4j.sim.env.TabletopEnv;
import org.vla4j.sim.suite.GroceryCatalog;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;
import org.vla4j.sim.suite.TaskScene;
import java.nio.file.Path;
import org.vla4j.policy.vla.OnnxVlaPolicy;
import org.vla4j.rollout.PolicyAgent;
/**
 * Grasp probe: runs a VLA on the evaluation init states {@code 0..K-1} of the given tasks and follows
 * the target through the episode: when the fingers first close on something, how high the target
 * rises, how far it tilts (angle between its axis and the vertical), and where hand and target are
 * when the episode ends. Each line ends with a verdict: {@code success}, {@code never-lifted} (the
 * target never rose 2 cm), {@code tilted} (it rose, then stood more than 30° off vertical),
 * {@code dropped} (it rose, then came back to the table upright) or {@code other}; and where the target
 * ends relative to the basket (horizontal distance from its centre, base height above its floor). The diagnostic
 * behind "the tall cartons" in docs/history/RESULTS-history.md.
 *
 * <pre>java ... org.vla4j.bench.GraspProbe K TASK[,TASK...] [MODEL_DIR (default models/tiny-vla)]</pre>
 */
public final class GraspProbe {
  public static void main(String[] a) throws Exception {
    Suite suite = Suites.get("object");
    int eps = Integer.parseInt(a[0]);
    String[] tasks = a[1].split(",");
    Path model = Path.of(a.length > 2 ? a[2] : "models/tiny-vla");
    java.util.Map<String, Integer> verdicts = new java.util.TreeMap<>();
    try (TabletopEnv env = new TabletopEnv(suite, EnvConfig.DEFAULT);
        PolicyAgent agent = new PolicyAgent(OnnxVlaPolicy.load(model, PolicyAgent.envSpec(EnvConfig.DEFAULT), OnnxVlaPolicy.Overrides.NONE, 1))) {
      for (String t : tasks) {
        int task = Integer.parseInt(t.trim());
        for (int is = 0; is < eps; is++) {
          Observation o = env.reset(task, is);
          agent.reset(is);
          for (int s = 0; s < suite.waitSteps(); s++) o = env.step(Suite.waitAction()).observation();
          TaskScene sc = env.scene();
          int firstClosed = -1, steps = 0;
          double maxRise = 0, maxTilt = 0, tiltAfterRise = 0, rest = Double.NaN;
          boolean success = false;
          double[] p = new double[3], m = new double[9], eef = new double[3];
          for (; steps < suite.maxSteps() && !success; steps++) {
            env.data().bodyPos(sc.objectBody(0), p);
            env.data().bodyMat(sc.objectBody(0), m);
            if (Double.isNaN(rest)) rest = p[2];
            double gap = Math.abs(env.data().qpos(sc.robot().fingerQpos()[0])) + Math.abs(env.data().qpos(sc.robot().fingerQpos()[1]));
            if (firstClosed < 0 && gap < 0.075) firstClosed = steps;
            double tilt = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, m[8]))));
            maxTilt = Math.max(maxTilt, tilt);
            maxRise = Math.max(maxRise, p[2] - rest);
            if (maxRise > 0.02) tiltAfterRise = Math.max(tiltAfterRise, tilt);
            StepResult r = env.step(agent.act(env, o));
            success = r.done();
            o = r.observation();
          }
          env.data().bodyPos(sc.objectBody(0), p);
          env.data().bodyMat(sc.objectBody(0), m);
          env.data().sitePos(sc.robot().gripSite(), eef);
          double[] basket = new double[3];
          env.data().bodyPos(sc.basketBody(), basket);
          double offBasket = Math.hypot(p[0] - basket[0], p[1] - basket[1]);
          double aboveFloor = p[2] - basket[2] - GroceryCatalog.BASKET_FLOOR;
          double endTilt = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, m[8]))));
          double gap = Math.abs(env.data().qpos(sc.robot().fingerQpos()[0])) + Math.abs(env.data().qpos(sc.robot().fingerQpos()[1]));
          String verdict = success ? "success"
              : maxRise < 0.02 ? "never-lifted"
              : endTilt > 30 ? "tilted"
              : p[2] - rest < 0.01 ? "dropped" : "other";
          verdicts.merge(verdict, 1, Integer::sum);
          System.out.printf(java.util.Locale.ROOT,
              "task %d is %2d: %-12s steps %3d, first close at %3d, target rose %.3f m, max tilt %5.1f deg (%.1f after rising), "
                  + "end: tilt %5.1f deg, target z %+.3f, hand %.3f m above it, gap %.3f, target %.3f m from the basket centre, base %+.3f m above its floor%n",
              task, is, verdict, steps, firstClosed, maxRise, maxTilt, tiltAfterRise, endTilt, p[2] - rest, eef[2] - p[2], gap, offBasket, aboveFloor);
        }
      }
    }
    System.out.println(verdicts);
  }
}
