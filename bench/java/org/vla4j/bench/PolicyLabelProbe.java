package org.vla4j.bench;

import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.env.Observation;
import org.vla4j.sim.env.StepResult;
import org.vla4j.sim.env.TabletopEnv;
import org.vla4j.sim.expert.ScriptedExpert;
import org.vla4j.sim.suite.GroceryCatalog;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;
import java.nio.file.Path;
import java.util.Locale;
import org.vla4j.sim.env.RenderSettings;
import org.vla4j.policy.vla.OnnxVlaPolicy;
import org.vla4j.rollout.PolicyAgent;

/**
 * Runs a VLA model folder on evaluation init states of one task while {@link ScriptedExpert#labeller()}
 * watches, as a DAgger episode does, and prints one line per run of the labeller's phase: its steps,
 * the grasp yaw error at its start and end (rad, {@link ScriptedExpert#graspYawError}), how many of
 * the policy's yaw commands were at the cap (|a₅| ≥ 0.45) and how often their sign changed, in how
 * many steps the policy's gripper was open, and where the policy's and the label's height command
 * disagreed in sign. Ends each episode with the outcome and the target's base relative to the basket
 * (m).
 *
 * <pre>java ... org.vla4j.bench.PolicyLabelProbe TASK MODEL_DIR INIT_STATE...</pre>
 */
public final class PolicyLabelProbe {
  public static void main(String[] a) {
    Suite suite = Suites.get("object");
    int task = Integer.parseInt(a[0]);
    Path dir = Path.of(a[1]);
    EnvConfig cfg = EnvConfig.DEFAULT;
    try (TabletopEnv env = new TabletopEnv(suite, cfg);
        PolicyAgent agent = new PolicyAgent(OnnxVlaPolicy.load(dir, PolicyAgent.envSpec(cfg), OnnxVlaPolicy.Overrides.NONE, 1))) {
      for (int k = 2; k < a.length; k++) {
        int initState = Integer.parseInt(a[k]);
        Observation obs = env.reset(task, initState);
        agent.reset(initState);
        for (int w = 0; w < suite.waitSteps(); w++) obs = env.step(Suite.waitAction()).observation();
        ScriptedExpert labeller = ScriptedExpert.labeller();
        labeller.reset(initState);
        double[] objMat = new double[9], hand = new double[9], obj = new double[3], basket = new double[3];
        Run run = null;
        boolean success = false;
        for (int s = 0; s < suite.maxSteps() && !success; s++) {
          labeller.act(env.scene(), env.data());
          double[] label = labeller.lastCleanAction();
          env.data().bodyMat(env.scene().objectBody(0), objMat);
          env.data().siteMat(env.scene().robot().gripSite(), hand);
          double e = ScriptedExpert.graspYawError(env.scene().target(), objMat, hand);
          double[] act = agent.act(env, obs);
          if (run == null || run.phase != labeller.phase()) {
            if (run != null) run.print(initState);
            run = new Run(labeller.phase(), s, e);
          }
          run.add(s, e, act, label);
          StepResult r = env.step(act);
          obs = r.observation();
          success = r.done();
        }
        run.print(initState);
        env.data().bodyPos(env.scene().objectBody(0), obj);
        env.data().bodyPos(env.scene().basketBody(), basket);
        System.out.printf(Locale.ROOT, "init state %d: %s; target base minus basket centre dx %+.3f dy %+.3f, above the floor %+.3f%n",
            initState, success ? "success" : "timeout", obj[0] - basket[0], obj[1] - basket[1], obj[2] - basket[2] - GroceryCatalog.BASKET_FLOOR);
      }
    }
  }

  /** One run of a labeller phase. */
  private static final class Run {
    final ScriptedExpert.Phase phase;
    final int first;
    final double yawFirst;
    int last, yawAtCap, yawSignChanges, gripperOpen, heightDisagrees;
    double yawLast, lastYawSign;

    Run(ScriptedExpert.Phase phase, int first, double yaw) {
      this.phase = phase;
      this.first = first;
      this.yawFirst = yaw;
    }

    void add(int step, double yaw, double[] act, double[] label) {
      last = step;
      yawLast = yaw;
      if (Math.abs(act[5]) >= 0.45) yawAtCap++;
      if (Math.abs(act[5]) > 0.1) {
        if (lastYawSign != 0 && Math.signum(act[5]) != lastYawSign) yawSignChanges++;
        lastYawSign = Math.signum(act[5]);
      }
      if (act[6] < 0) gripperOpen++;
      if (Math.abs(act[2]) > 0.1 && Math.abs(label[2]) > 0.1 && Math.signum(act[2]) != Math.signum(label[2])) heightDisagrees++;
    }

    void print(int initState) {
      System.out.printf(Locale.ROOT, "init state %d %-8s steps %3d-%3d  yaw error %+.2f -> %+.2f  yaw at cap %3d/%-3d sign changes %2d  gripper open %3d  height against label %3d%n",
          initState, phase, first, last, yawFirst, yawLast, yawAtCap, last - first + 1, yawSignChanges, gripperOpen, heightDisagrees);
    }
  }
}
