package org.vla4j.bench;

import java.util.Arrays;
import java.util.Locale;
import org.vla4j.mujoco.MjData;
import org.vla4j.mujoco.MjModel;
import org.vla4j.mujoco.MjObj;
import org.vla4j.mujoco.MujocoLibrary;
import org.vla4j.mujoco.OffscreenRenderer;
import org.vla4j.sim.env.RenderSettings;
import org.vla4j.sim.robot.PandaController;
import org.vla4j.sim.suite.PandaScene;
import org.vla4j.sim.robot.Rotations;

/**
 * End-to-end control-step throughput of the Java loop on the Panda scene: OSC_POSE controller,
 * 25 physics substeps per action, optionally rendering one 128×128 camera per action. The action
 * sequence is the Python peer's ({@code bench/python/peer_step.py}): SplitMix64-seeded sinusoids
 * plus a weak pull back to the home pose, so both loops do the same work.
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
      OffscreenRenderer r = render.equals("none") ? null : new OffscreenRenderer(m, 128, 128, RenderSettings.FAST.sceneFlags());
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

  static final double CENTERING = 0.1;

  /** The peer's open-loop excitation s_j(k): seeded frequencies and phases, see peer_step.py. */
  static double[][] excitation(int n, long seed) {
    long[] state = {seed};
    double[] amp = {0.5, 0.5, 0.5, 0.1, 0.1, 0.1, 1.0};
    double[] freq = new double[7], phase = new double[7];
    for (int j = 0; j < 7; j++) {
      freq[j] = j == 6 ? 0.1 : 0.15 + 0.35 * uniform(state);
      phase[j] = 2 * Math.PI * uniform(state);
    }
    double[][] s = new double[n][7];
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < 7; j++) s[k][j] = amp[j] * Math.sin(2 * Math.PI * freq[j] * k / 20.0 + phase[j]);
    }
    return s;
  }

  private static double uniform(long[] state) {
    state[0] += 0x9E3779B97F4A7C15L;
    long z = state[0];
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }

  static void run(MjModel m, MjData d, PandaController c, OffscreenRenderer r, int cam, byte[] frame, int steps) {
    d.resetToKeyframe("home");
    d.forward();
    c.reset();
    int site = c.robot().gripSite();
    double[] pHome = new double[3], rHome = new double[9], p = new double[3], rot = new double[9];
    d.sitePos(site, pHome);
    d.siteMat(site, rHome);
    double[][] s = excitation(steps, 0);
    double[] a = new double[7];
    for (int t = 0; t < steps; t++) {
      d.sitePos(site, p);
      d.siteMat(site, rot);
      double[] log = Rotations.matToAxisAngle(Rotations.mul(rHome, Rotations.transpose(rot)));
      for (int k = 0; k < 3; k++) {
        a[k] = clip(s[t][k] + CENTERING * (pHome[k] - p[k]) / 0.05);
        a[3 + k] = clip(s[t][3 + k] + CENTERING * log[k] / 0.5);
      }
      a[6] = clip(s[t][6]);
      if (r != null) r.render(d, cam, frame);
      c.step(d, a);
    }
  }

  private static double clip(double v) {
    return Math.max(-1, Math.min(1, v));
  }
}
