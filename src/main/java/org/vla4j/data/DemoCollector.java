package org.vla4j.data;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.vla4j.rollout.Agent;
import org.vla4j.rollout.DaggerAgent;
import org.vla4j.rollout.EpisodeResult;
import org.vla4j.rollout.EpisodeRunner;
import org.vla4j.rollout.EpisodeSeeds;
import org.vla4j.rollout.EpisodeSpec;
import org.vla4j.rollout.ExpertAgent;
import org.vla4j.rollout.ParallelEpisodes;
import org.vla4j.rollout.SimEpisodeRunner;
import org.vla4j.sim.SimInfo;
import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.expert.ScriptedExpert;
import org.vla4j.sim.robot.ControllerConfig;
import org.vla4j.sim.suite.InitStateGenerator;
import org.vla4j.sim.env.RenderSettings;
import org.vla4j.sim.suite.Suite;

/**
 * Collects demonstrations into a LeRobot v3.0 dataset with the evaluation's own loop: the rollout's
 * {@link SimEpisodeRunner} (same wait steps, same step order, same env) on the shared {@link
 * ParallelEpisodes} pool, with a {@link DemoRecorder} as the episode monitor that records the frames.
 * Collection = the rollout loop + a recorder; nothing here steps the simulator.
 *
 * <p>Episode k of task t starts from TRAIN-stream init state {@code firstInitState + k} ({@link
 * InitStateGenerator.Stream#TRAIN}) — never from a stored evaluation init state — with seed {@link
 * EpisodeSeeds#collection}. Protocol as evaluation: {@code suite.waitSteps()} no-op steps
 * [0,0,0,0,0,0,−1] (not recorded), then agent steps until success or {@code suite.maxSteps()}. A
 * frame is the observation before an action plus its label. The noisy scripted expert ({@link
 * ExpertAgent}) executes noisy actions and labels its clean ones; only successful episodes are kept
 * (as OpenVLA filtered LIBERO's demonstrations), failures are counted by reason.
 *
 * <p>With a {@link Dagger} driver the agent is a {@link DaggerAgent}: the learned policy executes
 * (or, with probability β per step, the expert does) while the expert labels. Every episode whose
 * simulation stayed stable is kept, success or not, and the driver's successes are counted; an
 * episode also ends once the driver has stalled ({@link DemoRecorder#STALL_STEPS}). The driver must
 * be deterministic (greedy decoding) for the dataset to be reproducible.
 *
 * <p>Deterministic: the writer takes episodes in canonical order (task-major, then k), so the
 * dataset is byte-identical whatever the worker count. An episode whose runner throws is dropped
 * with reason {@code error: …}; the others go on.
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

  /**
   * A DAgger collection's driver.
   *
   * @param name the driver's name for the dataset's metadata (e.g. the model folder)
   * @param drivers makes one driver agent per worker (a learned policy's {@link org.vla4j.rollout.PolicyAgent})
   * @param beta probability per step that the expert's action is executed instead, in [0, 1]
   */
  public record Dagger(String name, Supplier<Agent> drivers, double beta) {
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

  private DemoCollector() {}

  /** Both cameras at the config's size, flags and controller; a LIBERO suite's multisampling as {@link EnvConfig#forSuite}. */
  static EnvConfig envConfig(Config cfg) {
    return new EnvConfig(cfg.imageSize(), cfg.render(), true, true, cfg.controller(), EnvConfig.forSuite(cfg.suite()).multisampling());
  }

  /**
   * Runs the collection and writes the dataset into {@code out}.
   *
   * @param datasetKey the dataset_statistics.json key (unnorm_key)
   * @throws IllegalStateException if no episode succeeded
   * @throws IOException if the dataset cannot be written
   */
  public static Summary collect(Config cfg, Path out, String datasetKey, Listener listener) throws IOException {
    long t0 = System.nanoTime();
    List<EpisodeSpec> episodes = new ArrayList<>();
    List<Integer> taskPositions = new ArrayList<>();
    for (int p = 0; p < cfg.taskIds().size(); p++) {
      int task = cfg.taskIds().get(p);
      for (int k = 0; k < cfg.episodesPerTask(); k++) {
        int init = cfg.firstInitState() + k;
        episodes.add(new EpisodeSpec(episodes.size(), task, init, EpisodeSeeds.collection(cfg.seed(), task, init)));
        taskPositions.add(p);
      }
    }
    List<String> tasks = cfg.taskIds().stream().map(t -> cfg.suite().task(t).instruction()).toList();
    DemoRecorder recorder = new DemoRecorder(cfg.dagger() != null);
    AtomicReference<String> gl = new AtomicReference<>("none");
    EnvConfig env = envConfig(cfg);
    Supplier<Agent> agents = cfg.dagger() == null
        ? () -> new ExpertAgent(cfg.noise(), cfg.controller(), "expert")
        : () -> new DaggerAgent(cfg.dagger().drivers().get(), cfg.dagger().beta());
    EpisodeRunner.Factory runners = () -> {
      SimEpisodeRunner r = new SimEpisodeRunner(cfg.suite(), env, agents.get(), recorder, InitStateGenerator.Stream.TRAIN);
      return new EpisodeRunner() {
        @Override
        public EpisodeResult run(EpisodeSpec spec) {
          EpisodeResult result = r.run(spec);
          gl.compareAndSet("none", r.glDescription());
          return result;
        }

        @Override
        public void close() {
          r.close();
        }
      };
    };
    int[] counts = new int[4]; // episodes done, kept, failed, DAgger driver successes
    Map<String, Integer> reasons = new TreeMap<>();
    try (LeRobotWriter writer = new LeRobotWriter(out, cfg.imageSize(), tasks)) {
      ParallelEpisodes.run(episodes, cfg.workers(), runners, id -> cfg.suite().task(id).instruction(), result -> {
        EpisodeSpec spec = result.spec();
        String dropped = dropReason(result, cfg.dagger() != null);
        if (dropped == null) {
          DemoRecorder.Recording rec = recorder.take(spec.index());
          try {
            writer.add(new Episode(spec.taskId(), result.instruction(), spec.initState(), rec.frames(), rec.pixelHistograms()),
                taskPositions.get(spec.index()));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          counts[1]++;
          if (result.success() && cfg.dagger() != null) counts[3]++;
        } else {
          recorder.discard(spec.index());
          counts[2]++;
          reasons.merge(dropped, 1, Integer::sum);
        }
        counts[0]++;
        if (listener != null) listener.episodeDone(counts[0], episodes.size(), counts[1], counts[2]);
      });
      writer.finish(provenance(cfg, datasetKey, episodes.size(), counts[1], counts[2], counts[3], reasons, gl.get()), datasetKey);
      return new Summary(episodes.size(), counts[1], counts[2], writer.frames(), (System.nanoTime() - t0) / 1e9, counts[3]);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Why an episode is not written, or null to write it. Expert demonstrations keep successes only;
   * a DAgger collection keeps every episode whose simulation stayed stable (timeouts and stalls
   * included); an episode whose runner failed ({@code error: …}) is never kept.
   */
  private static String dropReason(EpisodeResult r, boolean dagger) {
    if (r.success()) return null;
    String why = r.failureReason();
    if (why.equals("sim_unstable") || why.startsWith("error")) return why;
    return dagger ? null : why;
  }

  /** The dataset's {@code vla4j} provenance block of meta/info.json. */
  private static ObjectNode provenance(Config cfg, String datasetKey, int attempted, int kept, int failed, int driverSuccesses,
      Map<String, Integer> reasons, String renderer) {
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
    if (cfg.suite().waitProtocol() != Suite.WaitSteps.OPENVLA) v.put("wait_protocol", cfg.suite().waitProtocol().wireName()); // only then: datasets stay as they were
    v.put("max_steps", cfg.suite().maxSteps());
    v.put("image_size", cfg.imageSize());
    v.put("mujoco_version", SimInfo.mujocoVersion());
    v.put("renderer", renderer);
    ObjectNode r = v.putObject("render_settings");
    r.put("shadows", cfg.render().shadows());
    r.put("reflections", cfg.render().reflections());
    r.put("skybox", cfg.render().skybox());
    if (cfg.suite().isLibero()) { // only then: datasets of vla4j's own suites stay as they were
      EnvConfig env = envConfig(cfg);
      r.put("multisampling", env.multisampling());
      r.put("description", env.describe(cfg.suite()));
    }
    v.put("episodes_attempted", attempted);
    v.put("episodes_kept", kept);
    v.put("episodes_failed", failed);
    ObjectNode fr = v.putObject("failure_reasons");
    reasons.forEach(fr::put);
    v.put("dataset_key", datasetKey);
    return v;
  }
}
