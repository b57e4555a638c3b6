package org.vla4j.sim;
import org.vla4j.mujoco.*;
import org.vla4j.report.ImageFiles;
public class Scratch {
  public static void main(String[] args) throws Exception {
    Suite suite = Suites.get("object");
    int tasks = Integer.parseInt(args[0]), per = Integer.parseInt(args[1]);
    boolean render = args.length > 2;
    int ok = 0, total = 0;
    try (TabletopEnv env = new TabletopEnv(suite, new EnvConfig(128, RenderSettings.FAST, render, false))) {
      for (int t = 0; t < tasks; t++) {
        try (TaskScene scene = TaskScene.build(suite, t)) {
          for (int i = 0; i < per; i++) {
            long t0 = System.nanoTime();
            double[] st = InitStateGenerator.generate(scene, InitStateGenerator.Stream.EVAL, InitStateGenerator.SUITE_SEED, i);
            long t1 = System.nanoTime();
            Observation o = env.reset(t, st);
            if (render && i == 0) ImageFiles.writePng(o.agentviewImage(), 128, 128, true, java.nio.file.Path.of("/tmp/scene_" + t + ".png"));
            ScriptedExpert ex = new ScriptedExpert(ScriptedExpert.Noise.NONE); ex.reset(i);
            for (int k = 0; k < 10; k++) env.step(new double[]{0,0,0,0,0,0,-1});
            boolean succ = false; int k;
            for (k = 0; k < 280; k++) { StepResult r = env.step(ex.act(env.scene(), env.data())); if (r.simUnstable()) { System.out.println("UNSTABLE"); break;} if (r.done()) { succ = true; break; } }
            total++; if (succ) ok++;
            System.out.printf("task %d init %d: %s steps %d phase %s (gen %.0f ms, ep %.0f ms)%n", t, i, succ ? "OK" : "FAIL", k, ex.phase(), (t1-t0)/1e6, (System.nanoTime()-t1)/1e6);
          }
        }
      }
    }
    System.out.println("success " + ok + "/" + total);
  }
}
