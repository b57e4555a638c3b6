package org.vla4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.vla4j.mujoco.MjModel;
import org.vla4j.mujoco.OffscreenRenderer;
import org.vla4j.mujoco.MjObj;
import org.vla4j.mujoco.SceneFlags;
import org.vla4j.sim.env.RenderSettings;
import org.vla4j.sim.libero.LiberoPaths;
import org.vla4j.sim.libero.LiberoTasks;
import org.vla4j.sim.libero.bddl.BddlParser;
import org.vla4j.sim.libero.env.LiberoCameras;
import org.vla4j.sim.libero.env.LiberoEnv;
import org.vla4j.sim.libero.init.PrunedInitFile;
import org.vla4j.sim.libero.scene.LiberoScene;
import org.vla4j.sim.libero.scene.LiberoSceneComposer;

/**
 * vla4j's LIBERO env step on the real libero_object scene (task 0, init state 0), the loop the reference
 * runs of the real LIBERO timed ({@code reference/libero_object/timing.json}): {@code set_init_state}, then
 * 50 env steps of the reference script (10 × {@code [0,0,0,0,0,0,-1]}, then
 * {@code [0.3 sin(t/5), 0.3 cos(t/7), -0.2, 0, 0, 0.1 sin(t/3), ±1]}), each step 25 substeps of OSC_POSE,
 * gripper ramp and {@code mj_step}, observations sampled at substep 24 as robosuite samples them.
 *
 * <p>Modes ({@code --modes}, default all): {@code none} (no cameras), {@code raw} (25 bare {@code mj_step} calls per env step, controls zero), {@code replay} (the same with the env's controls held per env step), {@code cams128} / {@code cams256} (agentview + wrist rendered as
 * robosuite renders them: MuJoCo's default flags, 4× multisampling, collision geoms hidden). Then the cost
 * of one 128×128 frame of each camera under other render settings (shadows, reflections, skybox,
 * multisampling, visual vs collision meshes) on the same state. Each figure is the median of
 * {@code --reps} repetitions after a warm-up.
 *
 * <p>Run: {@code bench/run-libero-bench.sh} (or {@code java -cp target/classes:target/test-classes:<jackson,pickle>
 * org.vla4j.bench.LiberoStepBench --libero-root DIR --robosuite-assets DIR [--reps 5] [--episodes 10] [--modes none,raw,cams128,cams256,frames]}).
 * Prints one JSON line per figure.
 */
public final class LiberoStepBench {
  public static void main(String[] args) {
    String liberoRoot = null;
    String robosuite = null;
    int reps = 5;
    int episodes = 10;
    List<String> modes = MODES;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--libero-root" -> liberoRoot = args[++i];
        case "--robosuite-assets" -> robosuite = args[++i];
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--episodes" -> episodes = Integer.parseInt(args[++i]);
        case "--modes" -> modes = List.of(args[++i].split(","));
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; valid: --libero-root DIR, --robosuite-assets DIR, --reps N, --episodes N, --modes "
            + String.join(",", MODES));
      }
    }
    for (String mode : modes) {
      if (!MODES.contains(mode)) throw new IllegalArgumentException("--modes: unknown mode '" + mode + "'; valid: " + String.join(", ", MODES));
    }
    LiberoPaths paths = LiberoPaths.resolve(liberoRoot, robosuite, System.getenv(), true);
    String task = LiberoTasks.tasks("libero_object").getFirst();
    LiberoScene scene = new LiberoSceneComposer(paths).compose(BddlParser.parse(LiberoTasks.bddlFile(paths, "libero_object", task)));
    double[] init = PrunedInitFile.read(LiberoTasks.initFile(paths, "libero_object", task)).getFirst();
    double[][] actions = referenceActions();

    if (modes.contains("none")) stepBench("none", scene, null, init, actions, reps, episodes);
    if (modes.contains("raw")) bareStepBench("raw_mj_step_x25", scene, init, actions, reps, episodes);
    if (modes.contains("replay")) bareStepBench("replay_mj_step_x25", scene, init, actions, reps, episodes);
    if (modes.contains("cams128")) stepBench("cams128", scene, LiberoCameras.Settings.libero(128), init, actions, reps, 1);
    if (modes.contains("cams256")) stepBench("cams256", scene, LiberoCameras.Settings.libero(256), init, actions, reps, 1);
    if (modes.contains("frames")) frameBench(scene, init, actions, reps);
  }

  /** This thread's CPU time: the no-camera figures report it beside wall time (on a loaded machine it varies far less). */
  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  /** Warm-up episodes before the no-camera figure: 500 env steps, 12,500 substeps. */
  static final int WARMUP_EPISODES = 10;

  /** What {@code --modes} can pick, in the order they run. */
  static final List<String> MODES = List.of("none", "raw", "replay", "cams128", "cams256", "frames");

  /** One 128×128 frame of each camera under other render settings, on the state after the 50 steps. */
  private static void frameBench(LiberoScene scene, double[] init, double[][] actions, int reps) {
    record Variant(String name, SceneFlags flags, boolean multisampling, boolean visualMeshes) {}
    List<Variant> variants = List.of(
        new Variant("robosuite (shadows, reflections, skybox, 4x MSAA, visual meshes)", RenderSettings.MUJOCO_DEFAULT.sceneFlags(), true, true),
        new Variant("no shadows", new SceneFlags(false, true, true), true, true),
        new Variant("no reflections", new SceneFlags(true, false, true), true, true),
        new Variant("no skybox", new SceneFlags(true, true, false), true, true),
        new Variant("no MSAA", RenderSettings.MUJOCO_DEFAULT.sceneFlags(), false, true),
        new Variant("all off (vla4j FAST, no MSAA)", RenderSettings.FAST.sceneFlags(), false, true),
        new Variant("collision meshes instead of visual (render_collision_mesh)", RenderSettings.MUJOCO_DEFAULT.sceneFlags(), true, false));
    try (LiberoEnv env = new LiberoEnv(scene)) {
      env.setInitState(init);
      for (int t = 0; t < actions.length; t++) env.step(actions[t]);
      MjModel m = env.world().model();
      new LiberoCameras(m, LiberoCameras.Settings.libero(128)).close(); // hides the robot's sites, as robosuite does
      int samples = m.offSamples();
      for (Variant v : variants) {
        m.setOffSamples(v.multisampling() ? samples : 0);
        try (OffscreenRenderer r = new OffscreenRenderer(m, 128, 128, v.flags(), true)) {
          m.setOffSamples(samples);
          r.setGeomGroupVisible(0, !v.visualMeshes());
          r.setGeomGroupVisible(1, v.visualMeshes());
          byte[] frame = new byte[128 * 128 * 3];
          for (String cam : List.of(LiberoCameras.AGENTVIEW, LiberoCameras.EYE_IN_HAND)) {
            int id = m.id(MjObj.CAMERA, cam);
            for (int w = 0; w < 3; w++) r.render(env.world().data(), id, frame);
            double[] ms = new double[reps];
            for (int rep = 0; rep < reps; rep++) {
              long t0 = System.nanoTime();
              for (int k = 0; k < 10; k++) r.render(env.world().data(), id, frame);
              ms[rep] = (System.nanoTime() - t0) / 1e6 / 10;
            }
            System.out.printf(Locale.ROOT, "{\"figure\":\"render_frame_128\",\"impl\":\"vla4j\",\"camera\":\"%s\",\"settings\":\"%s\",\"ms_per_frame\":%.2f,\"reps\":%s}%n", cam, v.name(),
                median(ms), fmt(ms));
          }
        }
      }
    }
  }

  /** The reference runs' 50 actions. */
  static double[][] referenceActions() {
    double[][] a = new double[50][];
    for (int i = 0; i < 10; i++) a[i] = new double[] {0, 0, 0, 0, 0, 0, -1};
    for (int t = 0; t < 40; t++) {
      a[10 + t] = new double[] {0.3 * Math.sin(t / 5.0), 0.3 * Math.cos(t / 7.0), -0.2, 0, 0, 0.1 * Math.sin(t / 3.0), t < 25 ? -1 : 1};
    }
    return a;
  }

  private static void stepBench(String mode, LiberoScene scene, LiberoCameras.Settings cams, double[] init, double[][] actions, int reps, int episodes) {
    try (LiberoEnv env = new LiberoEnv(scene, cams)) {
      // warm-up (GL context; the JIT compiles the controller's loops at full speed only after some 10^4 substeps)
      for (int w = 0; w < (cams == null ? WARMUP_EPISODES : 1); w++) episode(env, init, actions);
      double[] ms = new double[reps];
      double[] cpu = new double[reps];
      List<Double> setInit = new ArrayList<>();
      for (int rep = 0; rep < reps; rep++) {
        long total = 0;
        long totalCpu = 0;
        for (int e = 0; e < episodes; e++) {
          long t0 = System.nanoTime();
          env.setInitState(init);
          long t1 = System.nanoTime();
          long c1 = THREADS.getCurrentThreadCpuTime();
          for (double[] a : actions) env.step(a);
          totalCpu += THREADS.getCurrentThreadCpuTime() - c1;
          total += System.nanoTime() - t1;
          setInit.add((t1 - t0) / 1e6);
        }
        ms[rep] = total / 1e6 / (episodes * actions.length);
        cpu[rep] = totalCpu / 1e6 / (episodes * actions.length);
      }
      double[] si = setInit.stream().mapToDouble(Double::doubleValue).toArray();
      System.out.printf(Locale.ROOT, "{\"figure\":\"env_step\",\"impl\":\"vla4j\",\"mode\":\"%s\",\"ms_per_step\":%.3f,\"cpu_ms_per_step\":%.3f,\"steps_per_s\":%.1f,\"reps\":%s,\"set_init_state_ms\":%.2f,\"steps_per_rep\":%d}%n",
          mode, median(ms), median(cpu), 1000 / median(ms), fmt(ms), median(si), episodes * actions.length);
    }
  }

  /**
   * The physics floor: 25 bare {@code mj_step} calls per env step on the same scene and init state. {@code raw}
   * (the reference's {@code raw_mj_step_x25_ms}) leaves the controls at zero and the arm sags; {@code replay}
   * first runs an episode of {@code env.step}, records the controls each env step left (its last substep's)
   * and holds them for its 25 substeps (close to the env's trajectory and contacts).
   */
  private static void bareStepBench(String figure, LiberoScene scene, double[] init, double[][] actions, int reps, int episodes) {
    try (LiberoEnv env = new LiberoEnv(scene)) {
      var d = env.world().data();
      double[][] ctrl = new double[actions.length][];
      env.setInitState(init);
      for (int t = 0; t < actions.length; t++) {
        if (figure.equals("replay_mj_step_x25")) env.step(actions[t]);
        ctrl[t] = figure.equals("replay_mj_step_x25") ? d.ctrl() : new double[env.world().model().nu()];
      }
      double[] ms = new double[reps];
      double[] cpu = new double[reps];
      for (int rep = -1; rep < reps; rep++) {
        long total = 0;
        long totalCpu = 0;
        for (int e = 0; e < episodes; e++) {
          env.setInitState(init);
          long t0 = System.nanoTime();
          long c0 = THREADS.getCurrentThreadCpuTime();
          for (double[] c : ctrl) {
            d.setCtrl(c);
            for (int k = 0; k < LiberoEnv.SUBSTEPS; k++) d.step();
          }
          totalCpu += THREADS.getCurrentThreadCpuTime() - c0;
          total += System.nanoTime() - t0;
        }
        if (rep >= 0) {
          ms[rep] = total / 1e6 / (episodes * actions.length);
          cpu[rep] = totalCpu / 1e6 / (episodes * actions.length);
        }
      }
      System.out.printf(Locale.ROOT, "{\"figure\":\"%s\",\"impl\":\"vla4j\",\"ms_per_step\":%.3f,\"cpu_ms_per_step\":%.3f,\"reps\":%s}%n", figure, median(ms), median(cpu), fmt(ms));
    }
  }

  private static void episode(LiberoEnv env, double[] init, double[][] actions) {
    env.setInitState(init);
    for (double[] a : actions) env.step(a);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static String fmt(double[] v) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", v[i]));
    return b.append(']').toString();
  }

  private LiberoStepBench() {}
}
