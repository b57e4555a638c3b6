package org.vla4j.data;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.vla4j.mujoco.MujocoLibrary;
import org.vla4j.mujoco.RenderSettings;
import org.vla4j.sim.robot.ControllerConfig;
import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.suite.InitStateGenerator;
import org.vla4j.sim.env.Observation;
import org.vla4j.sim.expert.ScriptedExpert;
import org.vla4j.sim.env.StepResult;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.env.TabletopEnv;
import org.vla4j.sim.suite.TaskScene;

/**
 * Collects demonstrations with the noisy scripted expert into a LeRobot v3.0 dataset.
 *
 * <p>Episode k of task t starts from TRAIN-stream init state k ({@link
 * InitStateGenerator#generate}(scene, TRAIN, SUITE_SEED, k)) — never from a stored evaluation init
 * state. Protocol as evaluation: {@code suite.waitSteps()} no-op steps [0,0,0,0,0,0,−1] (not
 * recorded), then expert steps until success or {@code suite.maxSteps()}. A frame is the
 * observation before an action plus that action. Only successful episodes are kept (as OpenVLA
 * filtered LIBERO's demonstrations); failures are counted.
 *
 * <p>Parallel and deterministic: W workers, each with its own env, take episodes in canonical
 * order (task-major, then k) and the writer consumes finished episodes strictly in that order
 * through a reorder buffer (at most 2W episodes ahead), so the dataset is byte-identical whatever W.
 * Each episode is a pure function of (suite, task, k, seed, noise, image size, controller).
 *
 * <p>With a {@link Dagger} driver (DAgger, Ross et al. 2011, arXiv:1011.0686) the driver — a learned
 * policy — executes the actions (or, with probability β per step, the expert does) while a {@link
 * ScriptedExpert#labeller()} watches every step and its action is recorded as the label: the data
 * then hold the states the policy itself reaches, mistakes included, each labelled with what the
 * expert would do there. Every episode is kept, success or not (only unstable simulations are
 * dropped), and the driver's successes are counted. An episode also ends once the driver has
 * stalled — hand and fingers within {@link #STALL_METRES} of where they were for {@link
 * #STALL_STEPS} steps — since the rest of it would repeat one frame and one label. The driver must be deterministic (greedy
 * decoding) for the dataset to be reproducible.
 */
public final class DemoCollector {
  /**
   * What to collect.
   *
   * @param suite the suite
   * @param taskIds suite task ids, ascending; dataset task_index i is {@code taskIds.get(i)}
   * @param episodesPerTask attempts per task (TRAIN init states 0..N−1)
   * @param seed seeds the expert's noise (episode seed = mix(seed, task, k))
   * @param noise the expert's action noise
   * @param imageSize H = W of both cameras
   * @param controller the controller input range (the expert scales its arm actions to it)
   * @param render scene rendering flags
   * @param workers parallel envs, ≥ 1
   * @param firstInitState TRAIN-stream index of each task's first episode (episode k uses init state
   *     {@code firstInitState + k}), ≥ 0: lets a DAgger round see init states the demonstrations did not
   * @param dagger the learned policy that drives while the expert labels, or null for expert demonstrations
   */
  public record Config(Suite suite, List<Integer> taskIds, int episodesPerTask, long seed, ScriptedExpert.Noise noise,
      int imageSize, ControllerConfig controller, RenderSettings render, int workers, int firstInitState, Dagger dagger) {
    /** Expert demonstrations from init state 0. */
    public Config(Suite suite, List<Integer> taskIds, int episodesPerTask, long seed, ScriptedExpert.Noise noise,
        int imageSize, ControllerConfig controller, RenderSettings render, int workers) {
      this(suite, taskIds, episodesPerTask, seed, noise, imageSize, controller, render, workers, 0, null);
    }

    public Config {
      if (firstInitState < 0) throw new IllegalArgumentException("first init state must be ≥ 0, got " + firstInitState);
      if (dagger != null && !controller.isDefault()) {
        throw new IllegalArgumentException("a DAgger driver speaks the default controller's units; got input_max " + controller.inputMax());
      }
      taskIds = List.copyOf(taskIds);
      if (taskIds.isEmpty()) throw new IllegalArgumentException("no tasks to collect");
      for (int t : taskIds) suite.task(t);
      for (int i = 1; i < taskIds.size(); i++) {
        if (taskIds.get(i) <= taskIds.get(i - 1)) throw new IllegalArgumentException("task ids must be distinct and ascending: " + taskIds);
      }
      if (episodesPerTask < 1) throw new IllegalArgumentException("episodes per task must be ≥ 1, got " + episodesPerTask);
      if (workers < 1) throw new IllegalArgumentException("workers must be ≥ 1, got " + workers);
    }
  }

  /** The agent that executes actions in a DAgger collection; one per worker, not thread-safe. */
  public interface Driver extends AutoCloseable {
    /** Starts an episode. */
    void reset(long seed);

    /** The action to execute, {@code [dx, dy, dz, rx, ry, rz, gripper]} in the default controller's units. */
    double[] act(TabletopEnv env, Observation observation);

    @Override
    void close();
  }

  /**
   * A DAgger collection's driver.
   *
   * @param name the driver's name for the dataset's metadata (e.g. the model folder)
   * @param drivers makes one driver per worker
   * @param beta probability per step that the expert's action is executed instead, in [0, 1]
   */
  public record Dagger(String name, java.util.function.Supplier<Driver> drivers, double beta) {
    public Dagger {
      if (!(beta >= 0 && beta <= 1)) throw new IllegalArgumentException("beta must be in [0, 1], got " + beta);
    }
  }

  /** Progress callbacks (called on the writing thread, in canonical order). */
  public interface Listener {
    void episodeDone(int done, int total, int kept, int failed);
  }

  /**
   * What was collected.
   *
   * @param attempted episodes run
   * @param kept successful episodes written
   * @param failed episodes dropped (timeout or unstable simulation)
   * @param frames frames written
   * @param seconds wall time
   * @param driverSuccesses episodes a DAgger driver completed (0 for expert demonstrations)
   */
  public record Summary(int attempted, int kept, int failed, long frames, double seconds, int driverSuccesses) {}

  private record Job(int taskPos, int taskId, int k) {}

  /** Result of one episode: kept (episode != null) or failed (reason); success of a DAgger driver. */
  private record Outcome(Episode episode, String failure, boolean driverSuccess) {
    Outcome(Episode episode, String failure) {
      this(episode, failure, false);
    }
  }

  private DemoCollector() {}

  /** The expert's noise seed for episode k of a task. */
  static long episodeSeed(long seed, int taskId, int k) {
    long h = seed;
    for (long v : new long[] {0x434f4c4cL, taskId, k}) h = mix(h + 0x9E3779B97F4A7C15L * (v + 1));
    return h;
  }

  private static long mix(long z) {
    return org.vla4j.sim.Seeds.mix(z);
  }

  /**
   * Runs the collection and writes the dataset into {@code out}.
   *
   * @param datasetKey the dataset_statistics.json key (unnorm_key)
   * @throws IllegalStateException if no episode succeeded
   */
  public static Summary collect(Config cfg, Path out, String datasetKey, Listener listener) throws IOException {
    long t0 = System.nanoTime();
    List<Job> jobs = new ArrayList<>();
    for (int p = 0; p < cfg.taskIds().size(); p++) {
      for (int k = 0; k < cfg.episodesPerTask(); k++) jobs.add(new Job(p, cfg.taskIds().get(p), k));
    }
    List<String> tasks = cfg.taskIds().stream().map(t -> cfg.suite().task(t).instruction()).toList();
    Map<Integer, Outcome> done = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> error = new AtomicReference<>();
    AtomicReference<String> gl = new AtomicReference<>("none");
    Semaphore ahead = new Semaphore(2 * cfg.workers());
    Object signal = new Object();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < cfg.workers(); w++) {
      threads.add(Thread.ofPlatform().name("collect-" + w).daemon().start(() -> {
        EnvConfig ec = new EnvConfig(cfg.imageSize(), cfg.render(), true, true, cfg.controller());
        Map<Integer, TaskScene> scenes = new HashMap<>();
        Driver driver = null;
        try (TabletopEnv env = new TabletopEnv(cfg.suite(), ec)) {
          if (cfg.dagger() != null) driver = cfg.dagger().drivers().get();
          while (error.get() == null) {
            ahead.acquire();
            int j = next.getAndIncrement();
            if (j >= jobs.size()) {
              ahead.release();
              break;
            }
            Job job = jobs.get(j);
            TaskScene scene = scenes.computeIfAbsent(job.taskId(), t -> TaskScene.build(cfg.suite(), t));
            Outcome o = driver == null ? runEpisode(env, scene, cfg, job) : runDaggerEpisode(env, scene, cfg, job, driver);
            if (j == 0 || "none".equals(gl.get())) gl.compareAndSet("none", env.glDescription());
            done.put(j, o);
            synchronized (signal) {
              signal.notifyAll();
            }
          }
        } catch (Throwable e) {
          error.compareAndSet(null, e);
          synchronized (signal) {
            signal.notifyAll();
          }
        } finally {
          if (driver != null) driver.close();
          scenes.values().forEach(TaskScene::close);
        }
      }));
    }
    int kept = 0, failed = 0, driverSuccesses = 0;
    Map<String, Integer> reasons = new java.util.TreeMap<>();
    try (LeRobotWriter writer = new LeRobotWriter(out, cfg.imageSize(), tasks)) {
      for (int j = 0; j < jobs.size(); j++) {
        Outcome o;
        synchronized (signal) {
          while ((o = done.remove(j)) == null) {
            if (error.get() != null) throw new IOException("collection failed in a worker: " + error.get(), error.get());
            try {
              signal.wait(200);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IOException("interrupted", e);
            }
          }
        }
        ahead.release();
        if (o.episode() != null) {
          writer.add(o.episode(), jobs.get(j).taskPos());
          kept++;
          if (o.driverSuccess()) driverSuccesses++;
        } else {
          failed++;
          reasons.merge(o.failure(), 1, Integer::sum);
        }
        if (listener != null) listener.episodeDone(j + 1, jobs.size(), kept, failed);
      }
      for (Thread t : threads) t.join();
      ObjectNode v = JsonNodeFactory.instance.objectNode();
      v.put("image_orientation", LeRobotDataset.ORIENTATION);
      v.put("image_orientation_note", "rows bottom-up as the env renders them (OpenGL); rotate 180 degrees for an upright view, as OpenVLA does for LIBERO");
      v.put("suite", cfg.suite().name());
      v.put("suite_seed", InitStateGenerator.SUITE_SEED);
      v.put("init_state_stream", InitStateGenerator.Stream.TRAIN.name());
      var ids = v.putArray("suite_task_ids");
      cfg.taskIds().forEach(ids::add);
      v.put("episodes_per_task", cfg.episodesPerTask());
      v.put("first_init_state", cfg.firstInitState());
      v.put("seed", cfg.seed());
      v.put("expert", "scripted");
      if (cfg.dagger() != null) {
        ObjectNode dg = v.putObject("dagger");
        dg.put("driver", cfg.dagger().name());
        dg.put("beta", cfg.dagger().beta());
        dg.put("labels", "ScriptedExpert.labeller() clean actions; every stable episode kept, success or not");
        dg.put("driver_successes", driverSuccesses);
      }
      ObjectNode n = v.putObject("expert_noise");
      n.put("sigma", cfg.noise().sigma());
      n.put("push_probability", cfg.noise().pushProbability());
      n.put("push_steps", cfg.noise().pushSteps());
      n.put("detour_probability", cfg.noise().detourProbability());
      n.put("early_close_probability", cfg.noise().earlyCloseProbability());
      v.put("controller_input_max", cfg.controller().inputMax());
      v.put("wait_steps", cfg.suite().waitSteps());
      v.put("max_steps", cfg.suite().maxSteps());
      v.put("image_size", cfg.imageSize());
      v.put("mujoco_version", MujocoLibrary.get().versionString());
      v.put("renderer", gl.get());
      ObjectNode r = v.putObject("render_settings");
      r.put("shadows", cfg.render().shadows());
      r.put("reflections", cfg.render().reflections());
      r.put("skybox", cfg.render().skybox());
      v.put("episodes_attempted", jobs.size());
      v.put("episodes_kept", kept);
      v.put("episodes_failed", failed);
      ObjectNode fr = v.putObject("failure_reasons");
      reasons.forEach(fr::put);
      v.put("dataset_key", datasetKey);
      writer.finish(v, datasetKey);
      return new Summary(jobs.size(), kept, failed, writer.frames(), (System.nanoTime() - t0) / 1e9, driverSuccesses);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      error.compareAndSet(null, new IllegalStateException("collection stopped"));
      for (Thread t : threads) t.interrupt();
    }
  }

  /** A DAgger episode ends after this many steps in which the driver moved nothing more than {@link #STALL_METRES}. */
  public static final int STALL_STEPS = 40;

  /** Largest excursion of the hand position and of each finger over {@link #STALL_STEPS} steps that counts as a stall, metres. */
  public static final double STALL_METRES = 0.002;

  /** Resets to the job's TRAIN init state and runs the wait steps; null if the simulation went unstable. */
  private static Observation start(TabletopEnv env, TaskScene scene, Config cfg, Job job) {
    double[] init = InitStateGenerator.generate(scene, InitStateGenerator.Stream.TRAIN, InitStateGenerator.SUITE_SEED,
        cfg.firstInitState() + job.k());
    Observation obs = env.reset(job.taskId(), init);
    double[] wait = Suite.waitAction();
    for (int w = 0; w < cfg.suite().waitSteps(); w++) {
      StepResult r = env.step(wait);
      if (r.simUnstable()) return null;
      obs = r.observation();
    }
    return obs;
  }

  private static Outcome runEpisode(TabletopEnv env, TaskScene scene, Config cfg, Job job) {
    Observation obs = start(env, scene, cfg, job);
    if (obs == null) return new Outcome(null, "sim_unstable");
    Suite suite = cfg.suite();
    ScriptedExpert expert = new ScriptedExpert(cfg.noise(), cfg.controller());
    expert.reset(episodeSeed(cfg.seed(), job.taskId(), cfg.firstInitState() + job.k()));
    int n = cfg.imageSize();
    long[][][] hist = new long[2][3][256];
    List<Episode.Frame> frames = new ArrayList<>();
    for (int step = 0; step < suite.maxSteps(); step++) {
      double[] a = expert.act(env.scene(), env.data());
      record(frames, hist, obs, n, expert.lastCleanAction()); // label = intended action; the noisy one is executed
      StepResult r = env.step(a);
      if (r.simUnstable()) return new Outcome(null, "sim_unstable");
      if (r.done()) return new Outcome(new Episode(job.taskId(), env.instruction(), cfg.firstInitState() + job.k(), frames, hist), null);
      obs = r.observation();
    }
    return new Outcome(null, "timeout");
  }

  /** One DAgger episode: the driver (or, with probability β, the expert) acts; the labeller's action is recorded. */
  private static Outcome runDaggerEpisode(TabletopEnv env, TaskScene scene, Config cfg, Job job, Driver driver) {
    Observation obs = start(env, scene, cfg, job);
    if (obs == null) return new Outcome(null, "sim_unstable");
    long seed = episodeSeed(cfg.seed(), job.taskId(), cfg.firstInitState() + job.k());
    ScriptedExpert expert = ScriptedExpert.labeller();
    expert.reset(seed);
    driver.reset(seed);
    java.util.SplittableRandom coin = new java.util.SplittableRandom(seed ^ 0x44414747L);
    int n = cfg.imageSize();
    long[][][] hist = new long[2][3][256];
    List<Episode.Frame> frames = new ArrayList<>();
    for (int step = 0; step < cfg.suite().maxSteps() && !stalled(frames); step++) {
      expert.act(env.scene(), env.data());
      double[] label = expert.lastCleanAction();
      // the coin is drawn every step, so β changes which steps the expert takes, not the stream
      boolean expertActs = coin.nextDouble() < cfg.dagger().beta();
      double[] a = expertActs ? label : driver.act(env, obs);
      record(frames, hist, obs, n, label);
      StepResult r = env.step(a);
      if (r.simUnstable()) return new Outcome(null, "sim_unstable");
      if (r.done()) return new Outcome(new Episode(job.taskId(), env.instruction(), cfg.firstInitState() + job.k(), frames, hist), null, true);
      obs = r.observation();
    }
    return new Outcome(new Episode(job.taskId(), env.instruction(), cfg.firstInitState() + job.k(), frames, hist), null, false);
  }

  /** Whether hand position and fingers (state dims 0–2 and 6–7) stayed within {@link #STALL_METRES} over the last {@link #STALL_STEPS} frames. */
  static boolean stalled(List<Episode.Frame> frames) {
    int n = frames.size();
    if (n < STALL_STEPS) return false;
    for (int dim : new int[] {0, 1, 2, 6, 7}) {
      double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
      for (int i = n - STALL_STEPS; i < n; i++) {
        double v = frames.get(i).state()[dim];
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      if (hi - lo > STALL_METRES) return false;
    }
    return true;
  }

  /** Appends the frame (observation before the action, its label) and adds its pixels to the histograms. */
  private static void record(List<Episode.Frame> frames, long[][][] hist, Observation obs, int n, double[] label) {
    frames.add(new Episode.Frame(Png.encodeRgb(obs.agentviewImage(), n, n), Png.encodeRgb(obs.eyeInHandImage(), n, n),
        toFloat(obs.state8()), toFloat(label)));
    count(obs.agentviewImage(), hist[0]);
    count(obs.eyeInHandImage(), hist[1]);
  }

  private static void count(byte[] rgb, long[][] hist) {
    for (int i = 0; i < rgb.length; i += 3) {
      hist[0][rgb[i] & 0xff]++;
      hist[1][rgb[i + 1] & 0xff]++;
      hist[2][rgb[i + 2] & 0xff]++;
    }
  }

  static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
    return f;
  }
}
