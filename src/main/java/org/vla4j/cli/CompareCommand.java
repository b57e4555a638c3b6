package org.vla4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.vla4j.eval.run.Fingerprint;
import org.vla4j.eval.stats.McNemarTest;
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
 * {@code vla4j compare RUN_A RUN_B}: do two runs' success rates differ? When both runs hold the same
 * episodes (task, init state and seed, in order) it uses McNemar's exact test on the paired outcomes
 * and also prints the unpaired test; otherwise the pooled two-proportion z-test (z, two-sided p, the
 * difference with its 95 % CI). It says which, shows the runs' setup differences and refuses those
 * that change results unless {@code --allow-mismatch}. Exit 0, or 2 when refused.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Test whether two runs' success rates differ: McNemar's exact test when they share their episodes, else the"
        + " pooled two-proportion z-test (difference with 95%% CI); says which.")
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
    var ea = RunLogs.episodes(a);
    var eb = RunLogs.episodes(b);
    if (sameEpisodes(ea, eb)) {
      boolean[] sa = new boolean[ea.size()], sb = new boolean[eb.size()];
      for (int i = 0; i < sa.length; i++) {
        sa[i] = ea.get(i).success();
        sb[i] = eb.get(i).success();
      }
      out.print(McNemarTest.of(sa, sb).describe(a.toString(), b.toString()));
      out.println("(the unpaired two-proportion test, for reference:)");
    } else {
      out.println("unpaired: the runs do not share their episodes (task, init state and seed), so the two-proportion z-test applies");
    }
    TwoProportionZTest t = TwoProportionZTest.of(rate(a), rate(b));
    out.print(t.describe(a.toString(), b.toString()));
    out.flush();
    return 0;
  }

  /** Whether both runs hold the same episodes in the same order: same task, init state and seed each. */
  static boolean sameEpisodes(List<LoggedEpisode> a, List<LoggedEpisode> b) {
    if (a.size() != b.size() || a.isEmpty()) return false;
    for (int i = 0; i < a.size(); i++) {
      LoggedEpisode x = a.get(i), y = b.get(i);
      if (x.taskId() != y.taskId() || x.initState() != y.initState() || x.seed() != y.seed()) return false;
    }
    return true;
  }

  static Proportion rate(Path dir) {
    var eps = RunLogs.episodes(dir);
    return new Proportion((int) eps.stream().filter(LoggedEpisode::success).count(), eps.size());
  }
}
