package org.vla4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.vla4j.eval.run.Fingerprint;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vla4j.runlog.LoggedEpisode;
import org.vla4j.eval.stats.Proportion;
import org.vla4j.runlog.RunLogs;
import org.vla4j.eval.stats.TwoProportionZTest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vla4j compare RUN_A RUN_B}: do two runs' success rates differ? Prints both rates, the pooled
 * two-proportion z-test (z, two-sided p) and the difference with its 95 % CI. Exit 0.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Test whether two runs' success rates differ (pooled two-proportion z-test; difference with 95%% CI).")
public final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_A", description = "first run folder")
  Path a;

  @Parameters(index = "1", paramLabel = "RUN_B", description = "second run folder")
  Path b;

  @Option(names = "--allow-mismatch",
      description = "compare even when the runs' renderer, MuJoCo, render settings, suite or model files differ (said in the output)")
  boolean allowMismatch;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    for (Path dir : List.of(a, b)) {
      if (RunLogs.summaryOrNull(dir) == null) {
        out.println("note: " + dir + " is unfinished (" + RunLogs.episodes(dir).size() + " of "
            + RunLogs.config(dir).path("episodes").asInt() + " episodes, no summary.json); its rate covers the episodes written");
      }
    }
    JsonNode fa = RunLogs.config(a).path("fingerprint");
    JsonNode fb = RunLogs.config(b).path("fingerprint");
    if (fa.isObject() && fb.isObject()) {
      List<String> all = Fingerprint.diff(fa, fb, null);
      List<String> blocking = Fingerprint.diff(fa, fb, Fingerprint.RESULT_CHANGING);
      if (!all.isEmpty()) out.println("setup differences (RUN_A → RUN_B):\n  " + String.join("\n  ", all));
      if (!blocking.isEmpty()) {
        if (!allowMismatch) {
          out.flush();
          throw new IllegalArgumentException("the runs were made with another renderer, simulator, suite or model ("
              + String.join("; ", blocking) + "): their difference is not the policy's alone; pass --allow-mismatch to compare anyway");
        }
        out.println("compared despite these differences (--allow-mismatch)");
      }
    } else {
      out.println("note: " + (fa.isObject() ? b : a) + " has no fingerprint (an older run): its setup cannot be checked");
    }
    TwoProportionZTest t = TwoProportionZTest.of(rate(a), rate(b));
    spec.commandLine().getOut().print(t.describe(a.toString(), b.toString()));
    spec.commandLine().getOut().flush();
    return 0;
  }

  static Proportion rate(Path dir) {
    var eps = RunLogs.episodes(dir);
    return new Proportion((int) eps.stream().filter(LoggedEpisode::success).count(), eps.size());
  }
}
