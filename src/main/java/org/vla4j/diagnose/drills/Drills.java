package org.vla4j.diagnose.drills;

import org.vla4j.runlog.JsonFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.vla4j.eval.plan.EpisodePlan;
import org.vla4j.rollout.ParallelEpisodes;
import org.vla4j.eval.run.RunOptions;
import org.vla4j.eval.run.RunnerProvider;
import org.vla4j.diagnose.predicates.Diagnosis;
import org.vla4j.runlog.StepRow;
import org.vla4j.runlog.StepRows;
import org.vla4j.diagnose.predicates.TrajectoryStats;
import org.vla4j.rollout.EpisodeMonitor;
import org.vla4j.rollout.EpisodeResult;
import org.vla4j.rollout.EpisodeRunner;
import org.vla4j.rollout.EpisodeSpec;
import org.vla4j.runlog.LogLines;
import org.vla4j.rollout.StepRecord;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;

/**
 * Failure drills ({@code vla4j drills}): the four runs of {@link Drill} (baseline and one toggle
 * each) from the same task, init state and seed, through the evaluation's own machinery (the runner
 * provider's factories with {@link RunOptions#toggle()}, {@link EpisodePlan} for the episode seeds,
 * {@link ParallelEpisodes} to run them, {@link LogLines#step} to write them), then the failure
 * predicates ({@link Diagnosis}) on each written file and the {@link DrillMatrix}.
 *
 * <p>Files (docs/FORMATS.md): {@code <tag>.jsonl} per run (the {@code steps.jsonl} line format; policy
 * steps carry the drill's tag, wait steps {@code wait}) and {@code matrix.json}, in {@code out/} or,
 * with {@link DrillRequest#perInitStateFolders()}, in {@code out/is<k>/} plus {@code out/features.csv}.
 * Every one of them is a pure function of the request (and the machine's renderer): same request,
 * byte-identical files, whatever the worker count.
 */
public final class Drills {
  /** The calibration helper's feature table, next to the {@code is<k>/} folders. */
  public static final String FEATURES = "features.csv";
  /** The matrix of one init state. */
  public static final String MATRIX = "matrix.json";

  private static final ObjectMapper JSON = JsonFiles.MAPPER;

  private final RunnerProvider runners;

  /** @param runners where the episode runners come from (the CLI's {@code DefaultRunners.provider()}, or a test's) */
  public Drills(RunnerProvider runners) {
    this.runners = runners;
  }

  /**
   * What the drills produced.
   *
   * @param matrices one per init state, in the request's order
   * @param suite the suite as run (its max steps are the request's)
   */
  public record Outcome(List<DrillMatrix> matrices, Suite suite) {
    public Outcome {
      matrices = List.copyOf(matrices);
    }

    /** Whether every matrix passed. */
    public boolean passed() {
      return matrices.stream().allMatch(DrillMatrix::passed);
    }
  }

  /**
   * Checks the request against its suite and returns the suite with the request's max steps.
   *
   * @throws IllegalArgumentException for an unknown suite, a task id or init state out of range, a
   *     repeated init state, max steps or workers &lt; 1, or an output path that is a file; the message
   *     names the bad value and the valid ones
   */
  public static Suite check(DrillRequest req) {
    Suite base = Suites.get(req.suite());
    int tasks = base.tasks().size();
    if (req.taskId() < 0 || req.taskId() >= tasks) {
      throw new IllegalArgumentException("--task " + req.taskId() + " is out of range: suite '" + base.name()
          + "' has task ids 0.." + (tasks - 1));
    }
    int n = base.initStatesPerTask();
    if (req.initStates().isEmpty()) throw new IllegalArgumentException("no init state given; valid init states: 0.." + (n - 1));
    Set<Integer> seen = new HashSet<>();
    for (int k : req.initStates()) {
      if (k < 0 || k >= n) {
        throw new IllegalArgumentException("init state " + k + " is out of range: suite '" + base.name() + "' has "
            + n + " init states per task, 0.." + (n - 1));
      }
      if (!seen.add(k)) throw new IllegalArgumentException("init state " + k + " is given twice; give each init state once");
    }
    int maxSteps = req.maxSteps() == null ? base.maxSteps() : req.maxSteps();
    if (maxSteps < 1) {
      throw new IllegalArgumentException("--max-steps must be >= 1 (policy steps per episode; suite '" + base.name()
          + "' uses " + base.maxSteps() + "), got " + maxSteps);
    }
    if (Files.exists(req.out()) && !Files.isDirectory(req.out())) {
      throw new IllegalArgumentException("--out " + req.out() + " is a file, not a folder; give a folder (created if missing)");
    }
    if (req.workers() < 1) throw new IllegalArgumentException("--workers must be at least 1, got " + req.workers());
    return base.withMaxSteps(maxSteps);
  }

  /**
   * Runs the four drills on every init state of the request, writes their files and returns the
   * matrices.
   *
   * @param progress receives one line per event (start, each finished run), without newline
   * @throws IllegalArgumentException for bad input ({@link #check}), or a policy that cannot apply a
   *     toggle (e.g. the scripted expert); nothing has been run or written then
   * @throws IllegalStateException if a runner threw during an episode (the message names the run)
   * @throws UncheckedIOException if a file cannot be written
   */
  public Outcome run(DrillRequest req, Consumer<String> progress) {
    Suite suite = check(req);
    EpisodePlan plan = EpisodePlan.of(suite, List.of(req.taskId()), req.initStates().size(), req.initStates(), req.seed());

    // resolve every runner factory first: a policy that cannot take a toggle fails before anything runs
    Map<Drill, EpisodeRunner.Factory> factories = new EnumMap<>(Drill.class);
    for (Drill d : Drill.all()) {
      RunOptions options = new RunOptions(d.toggle(), EpisodeMonitor.Factory.NONE);
      try {
        factories.put(d, options.isPlain() ? runners.factory(suite, req.policy()) : runners.factory(suite, req.policy(), options));
      } catch (IllegalArgumentException e) {
        if (options.isPlain()) throw e; // an unknown policy: the message lists the valid ones
        throw new IllegalArgumentException("drills need a learned policy that takes every toggle; drill " + d.tag()
            + " with policy '" + req.policy() + "': " + e.getMessage(), e);
      }
    }

    String instruction = suite.task(req.taskId()).instruction();
    int total = Drill.all().size() * plan.size();
    progress.accept(String.format(Locale.ROOT, "drills of policy '%s' on suite '%s' task %d (%s), init state%s %s, seed %d,"
        + " max %d steps: %d runs, into %s", req.policy(), suite.name(), req.taskId(), instruction,
        plan.size() == 1 ? "" : "s", joined(req.initStates()), req.seed(), suite.maxSteps(), total,
        req.out().toAbsolutePath().normalize()));

    Map<Drill, List<EpisodeResult>> results = new EnumMap<>(Drill.class);
    int[] done = {0};
    for (Drill d : Drill.all()) {
      List<EpisodeResult> rs = new ArrayList<>();
      ParallelEpisodes.run(plan.episodes(), req.workers(), factories.get(d), id -> suite.task(id).instruction(), r -> {
        EpisodeSpec spec = plan.get(rs.size());
        if (r.failureReason() != null && r.failureReason().startsWith("error:")) {
          throw new IllegalStateException("drill " + d.tag() + ", init state " + spec.initState() + ": the runner failed: "
              + r.failureReason().substring("error:".length()).strip());
        }
        writeSteps(file(req, spec.initState(), d), spec, d, r);
        rs.add(r);
        done[0]++;
        progress.accept(String.format(Locale.ROOT, "[%d/%d] %s, init state %d: %s, %d steps, %.1f s", done[0], total, d.tag(),
            spec.initState(), r.success() ? "success" : "no success (" + r.failureReason() + ")", r.steps(), r.wallSeconds()));
      });
      results.put(d, rs);
    }

    List<DrillMatrix> matrices = new ArrayList<>();
    for (EpisodeSpec spec : plan.episodes()) {
      List<DrillRun> runs = new ArrayList<>();
      for (Drill d : Drill.all()) {
        EpisodeResult r = results.get(d).get(spec.index());
        TrajectoryStats stats = TrajectoryStats.of(StepRows.read(file(req, spec.initState(), d)), req.thresholds());
        runs.add(new DrillRun(d, spec.initState(), r.success(), r.steps(), r.failureReason(),
            Diagnosis.of(spec.index(), stats, req.thresholds()), stats));
      }
      DrillMatrix m = new DrillMatrix(spec.initState(), runs);
      matrices.add(m);
      ObjectNode root = JSON.createObjectNode();
      root.put("policy", req.policy());
      root.put("suite", suite.name());
      root.put("task_id", req.taskId());
      root.put("instruction", instruction);
      root.put("init_state", spec.initState());
      root.put("seed", req.seed());
      root.put("episode_seed", spec.seed());
      root.put("max_steps", suite.maxSteps());
      root.put("wait_steps", suite.waitSteps());
      root.set("thresholds", req.thresholds().toJson());
      root.setAll(m.toJson());
      write(folder(req, spec.initState()).resolve(MATRIX), json(root));
    }
    if (req.perInitStateFolders()) write(req.out().resolve(FEATURES), DrillFeatures.csv(matrices));
    return new Outcome(matrices, suite);
  }

  /** The folder of one init state's files: {@code out} itself, or {@code out/is<k>} with per-init-state folders. */
  public static Path folder(DrillRequest req, int initState) {
    return req.perInitStateFolders() ? req.out().resolve("is" + initState) : req.out();
  }

  /** The steps file of one run: {@code folder/<tag>.jsonl}. */
  public static Path file(DrillRequest req, int initState, Drill drill) {
    return folder(req, initState).resolve(drill.fileName());
  }

  /**
   * Writes the run's steps in the {@code steps.jsonl} format, with the plan's episode index, policy
   * steps tagged with the drill's tag and wait steps with {@code wait}.
   */
  static void writeSteps(Path file, EpisodeSpec spec, Drill drill, EpisodeResult r) {
    StringBuilder sb = new StringBuilder();
    for (StepRecord s : r.stepRecords()) {
      String tag = "wait".equals(s.tag()) ? "wait" : drill.tag();
      StepRecord tagged = s.withTag(tag);
      sb.append(LogLines.step(spec.index(), tagged)).append('\n');
    }
    write(file, sb.toString());
  }

  /** Writes {@code text} as UTF-8 through a temporary file and a rename, creating the folder if needed. */
  static void write(Path file, String text) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static String json(ObjectNode n) {
    try {
      return JSON.writeValueAsString(n) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot format " + MATRIX + ": " + e.getMessage(), e);
    }
  }

  private static String joined(List<Integer> xs) {
    return String.join(",", xs.stream().map(String::valueOf).toList());
  }
}
