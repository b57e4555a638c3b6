package org.vla4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vla4j.eval.stats.McNemarTest;
import org.vla4j.eval.stats.Proportion;
import org.vla4j.rollout.MonitorEvent;
import org.vla4j.runlog.LoggedEpisode;
import org.vla4j.runlog.RunLogs;
import org.vla4j.runlog.StepRow;
import org.vla4j.runlog.StepRows;

/**
 * One markdown row per run folder for the model × executor table of docs/RESULTS.md (issue 17): success
 * k/n, rate ± standard error, Wilson 95 % interval, the paired McNemar test against the first run (same
 * episodes: task, init state, seed), episodes per hour of wall time ({@code summary.json}'s {@code
 * wall_s}), episodes where the runtime monitor's {@code gripper_chatter} fired, episodes with any other
 * monitor event (on a clean run every such event is a false alarm), and smoothness: the mean squared jerk
 * of the commanded translation, {@code mean ‖a(t) − 3a(t−1) + 3a(t−2) − a(t−3)‖²} over consecutive policy steps of
 * {@code (dx, dy, dz)}, the commanded action in the env's units (OSC_POSE deltas, ±1 the controller's range),
 * per control step, wait steps excluded.
 *
 * <p>Run: {@code java -cp target/vla4j.jar:target/test-classes org.vla4j.bench.ModelTable REF_RUN RUN...}
 */
public final class ModelTable {
  public static void main(String[] args) {
    if (args.length < 1) throw new IllegalArgumentException("usage: ModelTable REF_RUN [RUN...]: run folders, the first is the paired reference");
    List<LoggedEpisode> ref = RunLogs.episodes(Path.of(args[0]));
    System.out.println("| run | policy | executor | successes | rate ± SE | Wilson 95 % | vs first (McNemar) | episodes/h | chatter episodes | other monitor events (episodes) | mean sq. jerk |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (String a : args) System.out.println(row(Path.of(a), ref));
  }

  static String row(Path dir, List<LoggedEpisode> ref) {
    JsonNode cfg = RunLogs.config(dir);
    JsonNode summary = RunLogs.summaryOrNull(dir);
    List<LoggedEpisode> eps = RunLogs.episodes(dir);
    int k = (int) eps.stream().filter(LoggedEpisode::success).count();
    Proportion p = new Proportion(k, eps.size());
    Proportion.Interval w = p.wilson95();
    String paired = "unpaired";
    if (samePlan(eps, ref)) {
      boolean[] a = new boolean[eps.size()], b = new boolean[eps.size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = eps.get(i).success();
        b[i] = ref.get(i).success();
      }
      McNemarTest m = McNemarTest.of(a, b);
      paired = String.format(Locale.ROOT, "+%d / −%d, p = %.3g", m.onlyA(), m.onlyB(), m.pValue());
    }
    double wall = summary == null ? Double.NaN : summary.path("wall_s").asDouble(Double.NaN);
    Set<Integer> chatter = new HashSet<>(), other = new HashSet<>();
    for (MonitorEvent e : RunLogs.monitorEvents(dir)) (e.monitor().equals("gripper_chatter") ? chatter : other).add(e.episode());
    return String.format(Locale.ROOT, "| %s | %s | %s | %d/%d | %.1f %% ± %.1f | %.1f–%.1f %% | %s | %.0f | %d | %d | %.4f |", dir.getFileName(),
        cfg.path("arguments").path("policy").asText("?"),
        cfg.path("arguments").path("executor").asText("open-loop"), k, eps.size(), 100 * p.successRate(), 100 * p.standardError(),
        100 * w.lo(), 100 * w.hi(), paired, eps.size() / wall * 3600, chatter.size(), other.size(), meanSquaredJerk(dir));
  }

  static boolean samePlan(List<LoggedEpisode> a, List<LoggedEpisode> b) {
    if (a.size() != b.size()) return false;
    for (int i = 0; i < a.size(); i++) if (!a.get(i).spec().equals(b.get(i).spec())) return false;
    return true;
  }

  /**
   * Mean of ‖Δ³(dx, dy, dz)‖² (jerk: the third difference, a(t) − 3a(t−1) + 3a(t−2) − a(t−3)) over runs of four
   * consecutive non-wait steps of one episode.
   */
  static double meanSquaredJerk(Path dir) {
    Map<Integer, double[][]> last = new HashMap<>();
    double sum = 0;
    long n = 0;
    for (StepRow r : StepRows.read(dir.resolve("steps.jsonl"))) {
      if (r.isWait() || !r.actionFinite()) {
        last.remove(r.episode());
        continue;
      }
      double[][] h = last.computeIfAbsent(r.episode(), e -> new double[3][]);
      double[] a = {r.action()[0], r.action()[1], r.action()[2]};
      if (h[0] != null) {
        double s = 0;
        for (int i = 0; i < 3; i++) {
          double j = a[i] - 3 * h[2][i] + 3 * h[1][i] - h[0][i];
          s += j * j;
        }
        sum += s;
        n++;
      }
      h[0] = h[1];
      h[1] = h[2];
      h[2] = a;
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
