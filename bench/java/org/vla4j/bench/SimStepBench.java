package org.vla4j.bench;

import java.util.Arrays;
import java.util.Locale;
import org.vla4j.mujoco.MjData;
import org.vla4j.mujoco.MjModel;
import org.vla4j.mujoco.MjObj;
import org.vla4j.mujoco.MujocoLibrary;
import org.vla4j.mujoco.OffscreenRenderer;
import org.vla4j.mujoco.RenderSettings;
import org.vla4j.sim.PandaController;
import org.vla4j.sim.PandaScene;

/**
 * End-to-end control-step throughput of the Java loop on the Panda scene: OSC_POSE controller,
 * 25 physics substeps per action, optionally rendering one 128×128 camera per action. The action
 * sequence is the same smooth sinusoid as the Python peer's ({@code bench/python/peer_step.py}).
 *
 * <p>Run: {@code bench/run-sim-bench.sh} (or {@code java -cp target/classes:target/test-classes
 * org.vla4j.bench.SimStepBench --render none|agentview --steps 2000}). Prints the median of 3
 * repeats after a warm-up, as one JSON line with {@code --json}.
 */
public final class SimStepBench {
  public static void main(String[] args) {
    String render = "none";
    int steps = 2000;
    boolean json = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--render" -> render = args[++i];
        case "--steps" -> steps = Integer.parseInt(args[++i]);
        case "--json" -> json = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; valid: --render none|agentview|robot0_eye_in_hand, --steps N, --json");
      }
    }
    try (MjModel m = PandaScene.load(); MjData d = new MjData(m)) {
      OffscreenRenderer r = render.equals("none") ? null : new OffscreenRenderer(m, 128, 128, RenderSettings.FAST);
      int cam = r == null ? -1 : m.id(MjObj.CAMERA, render);
      byte[] frame = new byte[128 * 128 * 3];
      PandaController c = new PandaController(m);
      run(m, d, c, r, cam, frame, Math.min(steps, 500)); // warm-up (JIT)
      double[] ms = new double[3];
      for (int rep = 0; rep < 3; rep++) {
        long t0 = System.nanoTime();
        run(m, d, c, r, cam, frame, steps);
        ms[rep] = (System.nanoTime() - t0) / 1e6 / steps;
      }
      Arrays.sort(ms);
      double med = ms[1];
      if (json) {
        System.out.printf(Locale.ROOT, "{\"impl\":\"java-ffm\",\"render\":\"%s\",\"steps\":%d,\"ms_per_step\":%.4f,\"steps_per_s\":%.1f,\"mujoco\":\"%s\"}%n",
            render, steps, med, 1000 / med, MujocoLibrary.get().versionString());
      } else {
        System.out.printf(Locale.ROOT, "java-ffm render=%s: %.3f ms/control step, %.1f steps/s (median of 3 x %d)%n", render, med, 1000 / med, steps);
      }
      if (r != null) r.close();
    }
  }

  static void run(MjModel m, MjData d, PandaController c, OffscreenRenderer r, int cam, byte[] frame, int steps) {
    d.resetToKeyframe("home");
    d.forward();
    c.reset();
    double[] a = new double[7];
    for (int t = 0; t < steps; t++) {
      double time = t * 0.05;
      for (int k = 0; k < 6; k++) a[k] = 0.5 * Math.sin(0.7 * time * (k + 1) + k);
      a[6] = Math.sin(0.3 * time) > 0 ? 1 : -1;
      c.step(d, a);
      if (r != null) r.render(d, cam, frame);
    }
  }
}
