package org.vla4j.eval.stats;

import java.util.Locale;

/**
 * The readable table printed at the end of an evaluation: one row per task (id, shortened
 * instruction, episodes, successes, success rate ± standard error, Wilson 95% interval), then the
 * overall row, wall time and episodes per hour.
 */
public final class SummaryTable {
  private static final int INSTRUCTION_WIDTH = 56;

  private SummaryTable() {}

  /** The table as text, lines separated by {@code \n}, ending with a newline. */
  public static String format(EvalSummary s) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "suite %s, policy %s%n", s.suite(), s.policy()));
    String head = String.format(Locale.ROOT, "%4s  %-" + INSTRUCTION_WIDTH + "s %5s %5s  %-15s  %s%n",
        "task", "instruction", "n", "succ", "rate ± SE", "Wilson 95%");
    sb.append(head);
    sb.append("-".repeat(head.strip().length())).append('\n');
    for (TaskRate r : s.perTask()) row(sb, String.valueOf(r.taskId()), r.instruction(), r.rate());
    sb.append("-".repeat(head.strip().length())).append('\n');
    row(sb, "all", "overall", s.overall().rate());
    sb.append(String.format(Locale.ROOT, "wall time %.1f s for %d episodes (%.1f episodes/hour)%n",
        s.wallSeconds(), s.episodesRun(), s.episodesPerHour()));
    return sb.toString();
  }

  private static void row(StringBuilder sb, String id, String instruction, Proportion p) {
    Proportion.Interval w = p.wilson95();
    sb.append(String.format(Locale.ROOT, "%4s  %-" + INSTRUCTION_WIDTH + "s %5d %5d  %5.3f ± %5.3f  [%.3f, %.3f]%n",
        id, shorten(instruction), p.n(), p.successes(), p.successRate(), p.standardError(), w.lo(), w.hi()));
  }

  static String shorten(String s) {
    return s.length() <= INSTRUCTION_WIDTH ? s : s.substring(0, INSTRUCTION_WIDTH - 1) + "…";
  }
}
