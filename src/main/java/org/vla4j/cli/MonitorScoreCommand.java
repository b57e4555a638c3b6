package org.vla4j.cli;

import org.vla4j.runlog.JsonFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vla4j.diagnose.monitor.MonitorMode;
import org.vla4j.diagnose.monitor.MonitorSettings;
import org.vla4j.diagnose.monitor.ReplayScores;
import org.vla4j.diagnose.predicates.PredicateThresholds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vla4j monitor-score PATH... [--thresholds FILE.json] [--window N] [--out FILE.json]}: replays
 * the runtime monitor (mode warn) over logged steps and scores its verdicts against the labels the
 * drill tags give ({@link ReplayScores}). Prints the tables; writes them as JSON with {@code --out}.
 * Exit 0 whatever the scores, 2 on bad input.
 */
@Command(name = "monitor-score", mixinStandardHelpOptions = true,
    description = "Replay the runtime monitor over logged steps (steps.jsonl, drill <tag>.jsonl, or folders of them) and "
        + "score it against the drill labels: precision/recall per episode, which cause it names, which checks fire, "
        + "detection delay.")
public final class MonitorScoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "steps JSONL files, or folders searched recursively for them")
  List<Path> paths;

  @Option(names = "--thresholds", paramLabel = "FILE.json",
      description = "JSON file of predicate thresholds for the monitor's window (default: the monitor's window thresholds)")
  Path thresholds;

  @Option(names = "--window", paramLabel = "N", description = "policy steps in the monitor's predicate window (default: 100)")
  Integer window;

  @Option(names = "--out", paramLabel = "FILE.json", description = "also write every table and per-episode events as JSON")
  Path out;

  @Override
  public Integer call() {
    MonitorSettings s = MonitorSettings.of(MonitorMode.WARN);
    if (thresholds != null) s = s.withThresholds(PredicateThresholds.load(thresholds));
    if (window != null) {
      s = new MonitorSettings(s.mode(), s.predicateThresholds(), window, s.chatterWindowSteps(), s.maxGripperFlipsPerSecond(),
          s.controlHz(), s.actionLimit());
    }
    ReplayScores scores = ReplayScores.score(paths, s);
    PrintWriter w = spec.commandLine().getOut();
    w.print(scores.table());
    if (out != null) {
      try {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(out, JsonFiles.MAPPER.writeValueAsString(scores.toJson()) + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
      }
      w.println("\nwrote " + out);
    }
    w.flush();
    return 0;
  }
}
