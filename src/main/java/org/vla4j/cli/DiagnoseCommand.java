package org.vla4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vla4j.diagnose.predicates.Diagnosis;
import org.vla4j.diagnose.predicates.PredicateThresholds;
import org.vla4j.runlog.StepRow;
import org.vla4j.runlog.StepRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vla4j diagnose FILE.jsonl [--episode E] [--thresholds FILE]}: evaluates the failure
 * predicates (BAD_PROMPT, BAD_UNNORM, NO_FLIP) on the action and img_mean columns of a steps file and
 * prints, per episode, which fire and why. Exit 0 whether or not a predicate fires.
 */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
    description = "Which failure predicates (BAD_PROMPT, BAD_UNNORM, NO_FLIP) fire on the steps of a steps.jsonl or drill JSONL, and why.")
public final class DiagnoseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "steps file (a run's steps.jsonl or a drill's JSONL)")
  Path file;

  @Option(names = "--episode", description = "only this episode (default: every episode in the file)")
  Integer episode;

  @Option(names = "--thresholds", description = "JSON file of predicate thresholds (default: the documented defaults)")
  Path thresholds;

  @Override
  public Integer call() {
    PredicateThresholds t = thresholds == null ? PredicateThresholds.DEFAULT : PredicateThresholds.load(thresholds);
    List<StepRow> rows = StepRows.read(file);
    List<Integer> eps = StepRows.episodes(rows);
    if (eps.isEmpty()) throw new IllegalArgumentException(file + " has no steps");
    if (episode != null && !eps.contains(episode)) {
      throw new IllegalArgumentException("no episode " + episode + " in " + file + "; episodes there: "
          + eps.getFirst() + ".." + eps.getLast() + " (" + eps.size() + " episodes)");
    }
    PrintWriter out = spec.commandLine().getOut();
    for (int e : episode == null ? eps : List.of(episode)) {
      out.print(Diagnosis.of(e, StepRows.episode(rows, e), t).table());
      out.println();
    }
    out.flush();
    return 0;
  }
}
