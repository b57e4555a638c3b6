package org.vla4j.eval.stats;

import org.vla4j.runlog.EpisodeOutcome;
import org.vla4j.runlog.JsonFiles;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.vla4j.sim.suite.Suite;

/**
 * The result of an evaluation: success rates per task and overall, and how long it took.
 *
 * @param suite suite name
 * @param policy policy name
 * @param perTask one rate per selected task, ascending task id
 * @param overall all episodes together (taskId −1)
 * @param wallSeconds wall-clock seconds of this invocation (a resumed run counts only its own part)
 * @param episodesRun episodes run by this invocation (excludes those written before a resume)
 */
public record EvalSummary(String suite, String policy, List<TaskRate> perTask, TaskRate overall, double wallSeconds,
    int episodesRun) {
  public EvalSummary {
    perTask = List.copyOf(perTask);
  }

  /** Episodes run per hour of wall time by this invocation; 0 if no time passed. */
  public double episodesPerHour() {
    return wallSeconds > 0 ? episodesRun * 3600.0 / wallSeconds : 0.0;
  }

  /**
   * Rates from written episodes.
   *
   * @param taskIds the selected tasks, ascending; each gets a row even with no episodes
   */
  public static EvalSummary of(Suite suite, String policy, List<Integer> taskIds, List<EpisodeOutcome> outcomes,
      double wallSeconds, int episodesRun) {
    List<TaskRate> rows = new ArrayList<>();
    int all = 0;
    int allOk = 0;
    for (int t : taskIds) {
      int n = 0;
      int ok = 0;
      for (EpisodeOutcome o : outcomes) {
        if (o.taskId() == t) {
          n++;
          if (o.success()) ok++;
        }
      }
      rows.add(new TaskRate(t, suite.task(t).instruction(), new Proportion(ok, n)));
      all += n;
      allOk += ok;
    }
    return new EvalSummary(suite.name(), policy, rows, new TaskRate(-1, "overall", new Proportion(allOk, all)),
        wallSeconds, episodesRun);
  }

  /**
   * summary.json: {@code {"suite","policy","per_task":[{task_id, instruction, episodes, successes,
   * success_rate, standard_error, wilson95:[lo,hi]}], "overall":{episodes, successes, success_rate,
   * standard_error, wilson95}, "wall_s", "episodes_run", "episodes_per_hour"}}; rates to 6 decimals.
   */
  public ObjectNode toJson() {
    ObjectNode n = JsonFiles.MAPPER.createObjectNode();
    n.put("suite", suite);
    n.put("policy", policy);
    var rows = n.putArray("per_task");
    for (TaskRate r : perTask) {
      ObjectNode o = rows.addObject();
      o.put("task_id", r.taskId());
      o.put("instruction", r.instruction());
      rate(o, r.rate());
    }
    rate(n.putObject("overall"), overall.rate());
    n.put("wall_s", round(wallSeconds, 3));
    n.put("episodes_run", episodesRun);
    n.put("episodes_per_hour", round(episodesPerHour(), 1));
    return n;
  }

  private static void rate(ObjectNode o, Proportion p) {
    o.put("episodes", p.n());
    o.put("successes", p.successes());
    o.put("success_rate", round(p.successRate(), 6));
    o.put("standard_error", round(p.standardError(), 6));
    Proportion.Interval w = p.wilson95();
    o.putArray("wilson95").add(round(w.lo(), 6)).add(round(w.hi(), 6));
  }

  private static double round(double x, int decimals) {
    return Double.isFinite(x) ? new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue() : x;
  }
}
