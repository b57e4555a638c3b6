package org.vla4j.cli;

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

  @Override
  public Integer call() {
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
