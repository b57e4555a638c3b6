package org.vla4j.sim;
import org.vla4j.mujoco.*;
public class Scratch2 {
  public static void main(String[] args) throws Exception {
    Suite suite = Suites.get("object");
    int t = Integer.parseInt(args[0]), i = Integer.parseInt(args[1]);
    try (TabletopEnv env = new TabletopEnv(suite, new EnvConfig(128, RenderSettings.FAST, false, false)); TaskScene scene = TaskScene.build(suite, t)) {
      double[] st = InitStateGenerator.generate(scene, InitStateGenerator.Stream.EVAL, InitStateGenerator.SUITE_SEED, i);
      env.reset(t, st);
      ScriptedExpert ex = new ScriptedExpert(ScriptedExpert.Noise.NONE); ex.reset(i);
      for (int k = 0; k < 10; k++) env.step(new double[]{0,0,0,0,0,0,-1});
      ScriptedExpert.Phase last = null;
      for (int k = 0; k < 280; k++) {
        double[] a = ex.act(env.scene(), env.data());
        double[] eef = new double[3], obj = new double[3]; env.data().sitePos(scene.robot().gripSite(), eef); env.data().bodyPos(env.scene().objectBody(0), obj);
        if (k == 150) System.out.println("q " + java.util.Arrays.toString(java.util.Arrays.stream(env.data().qpos()).limit(9).map(x->Math.round(x*100)/100.0).toArray()));
        if (ex.phase() != last || k % 20 == 0) System.out.printf("%d %s eef %.3f %.3f %.3f obj %.3f %.3f %.3f a %s%n", k, ex.phase(), eef[0], eef[1], eef[2], obj[0], obj[1], obj[2], java.util.Arrays.toString(java.util.Arrays.stream(a).map(x->Math.round(x*100)/100.0).toArray()));
        last = ex.phase();
        StepResult r = env.step(a); if (r.done()) { System.out.println("SUCCESS at " + k); break; }
      }
    }
  }
}
