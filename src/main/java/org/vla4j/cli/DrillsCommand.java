package org.vla4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vla4j.eval.run.RunnerProvider;
import org.vla4j.eval.plan.Selections;
import org.vla4j.diagnose.drills.DrillFeatures;
import org.vla4j.diagnose.drills.DrillMatrix;
import org.vla4j.diagnose.drills.DrillRequest;
import org.vla4j.diagnose.drills.Drills;
import org.vla4j.diagnose.predicates.PredicateThresholds;
import org.vla4j.sim.suite.Suites;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vla4j drills}: the four failure drills of a learned policy (baseline, no_flip, bad_prompt,
 * bad_unnorm) from one task, init state and seed ({@link Drills}), then the 4×3 matrix of which
 * failure predicates fire. Exit 0 only if every tagged run fires exactly its own predicate and the
 * baseline none; 1 otherwise (each mismatch named); 2 on bad input. With {@code --init-states} it is
 * the calibration helper: the drills on several init states, and the predicates' feature values per
 * run ({@code features.csv}).
 */
@Command(name = "drills", mixinStandardHelpOptions = true,
    description = {"Failure drills: four runs of a learned policy from the same task, init state and seed (baseline,"
        + " no_flip, bad_prompt, bad_unnorm), OUT/<tag>.jsonl each, then the 4x3 matrix of fired predicates (OUT/matrix.json).",
        "Exit 0 only if every drill fires exactly its own predicate and the baseline none, else 1 (each mismatch named).",
        "--init-states LIST (calibration): the drills on several init states into OUT/is<k>/, and the predicates'"
            + " feature values per run in OUT/features.csv."})
public final class DrillsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final RunnerProvider runners;

  /** With the CLI's runners. */
  public DrillsCommand() {
    this(DefaultRunners.provider());
  }

  /** With the given runners (tests). */
  public DrillsCommand(RunnerProvider runners) {
    this.runners = runners;
  }

  @Option(names = "--suite", defaultValue = "object", description = "task suite (default: ${DEFAULT-VALUE})")
  String suite;

  @Option(names = "--policy", defaultValue = "tiny-vla",
      description = "a learned policy: a shipped model's name or a model folder (default: ${DEFAULT-VALUE})")
  String policy;

  @Option(names = "--task", required = true, description = "task id (object: 0..9)")
  int task;

  /** Exactly one of {@code --init-state} and {@code --init-states}. */
  static final class InitStates {
    @Option(names = "--init-state", required = true, paramLabel = "I", description = "the init state (object: 0..49); files go to OUT/")
    Integer one;

    @Option(names = "--init-states", required = true, paramLabel = "LIST",
        description = "calibration: several init states, e.g. 0-9 or 0,4,7 (repeatable); files go to OUT/is<k>/, plus OUT/features.csv")
    List<String> many;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  InitStates initStates;

  @Option(names = "--seed", defaultValue = "0", description = "run seed; the episode seed derives from it as in eval (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--max-steps", paramLabel = "N", description = "policy steps per episode, >= 1 (default: the suite's, object: 280)")
  Integer maxSteps;

  @Option(names = "--out", required = true, description = "output folder (created if missing; drill files in it are overwritten)")
  Path out;

  @Option(names = "--thresholds", description = "JSON file of failure-predicate thresholds (see docs/CLI.md, diagnose)")
  Path thresholds;

  @Option(names = "--workers", defaultValue = "1",
      description = "with --init-states: episodes of one drill run in parallel (default: ${DEFAULT-VALUE})")
  int workers;

  @Override
  public Integer call() {
    PredicateThresholds t = thresholds == null ? PredicateThresholds.DEFAULT : PredicateThresholds.load(thresholds);
    boolean calibration = initStates.many != null;
    List<Integer> states = calibration
        ? Selections.initStates(String.join(",", initStates.many), Suites.get(suite))
        : List.of(initStates.one);
    DrillRequest req = new DrillRequest(suite, policy, task, states, calibration, seed, maxSteps, out, t, workers);
    PrintWriter err = spec.commandLine().getErr();
    Drills.Outcome o = new Drills(runners).run(req, line -> {
      err.println("vla4j: " + line);
      err.flush();
    });

    PrintWriter w = spec.commandLine().getOut();
    for (DrillMatrix m : o.matrices()) {
      w.println("init state " + m.initState() + " (task " + task + ", seed " + seed + ", max " + o.suite().maxSteps() + " steps):");
      w.print(m.table());
      w.println();
    }
    if (!calibration) {
      w.println("evidence:");
      w.print(o.matrices().getFirst().evidence());
      w.println();
    } else {
      w.println("predicate features per run (also in " + out.resolve(Drills.FEATURES) + "):");
      w.print(DrillFeatures.table(o.matrices()));
      w.println();
    }
    List<String> mismatches = DrillMatrix.mismatches(o.matrices());
    String where = calibration ? out.resolve("is<k>").resolve(Drills.MATRIX).toString() : out.resolve(Drills.MATRIX).toString();
    if (mismatches.isEmpty()) {
      w.println("PASS: every drill fires exactly its own predicate and the baseline none (" + where + ")");
      w.flush();
      return 0;
    }
    w.println("FAIL: " + mismatches.size() + " run(s) do not fire exactly their own predicate (" + where + "):");
    for (String s : mismatches) w.println("  " + s);
    w.flush();
    err.println("vla4j: drills: " + mismatches.size() + " mismatch(es): " + String.join("; ", mismatches));
    err.flush();
    return 1;
  }
}
