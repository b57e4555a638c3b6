package org.vla4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.vla4j.runlog.LoggedEpisode;
import org.vla4j.eval.stats.Proportion;
import org.vla4j.runlog.RunLogs;
import org.vla4j.eval.stats.TaskRate;
import org.vla4j.runlog.StepRow;
import org.vla4j.runlog.StepRows;
import org.vla4j.runlog.EpisodeLogWriter;
import org.vla4j.rollout.MonitorEvent;

/**
 * Writes {@code DIR/report.html} for a run folder: the run's settings, the summary table (per task and
 * overall: episodes, successes, rate ± standard error, Wilson 95 %), per-task success bars with Wilson
 * whiskers, the first-gripper-close histogram by outcome, the action traces of one episode, the
 * runtime-monitor events, the videos in {@code DIR/videos/} and a per-episode table. Self-contained:
 * every image and video is inlined as a base64 {@code data:} URI, so the page works when copied alone.
 * The plots are also written as PNG and SVG to {@code DIR/plots/}.
 */
public final class HtmlReport {
  /** File name inside the run folder. */
  public static final String FILE = "report.html";
  /** Folder of the PNG/SVG plots inside the run folder. */
  public static final String PLOTS = "plots";

  private HtmlReport() {}

  /**
   * Writes the report.
   *
   * @param traceEpisode episode whose actions are plotted, or −1 for the first failure (episode 0 if none failed)
   * @return the written report.html
   * @throws IllegalArgumentException if {@code dir} is not a run folder or the episode does not exist
   */
  public static Path write(Path dir, int traceEpisode) {
    JsonNode config = RunLogs.config(dir);
    List<LoggedEpisode> eps = RunLogs.episodes(dir);
    if (eps.isEmpty()) throw new IllegalArgumentException(dir + " has no episodes yet; run vla4j eval first");
    int trace = traceEpisode >= 0 ? traceEpisode
        : eps.stream().filter(e -> !e.success()).mapToInt(LoggedEpisode::episode).findFirst().orElse(0);
    if (trace >= eps.size()) {
      throw new IllegalArgumentException("no episode " + trace + " in " + dir + "; valid episodes: 0.." + (eps.size() - 1));
    }
    List<TaskRate> rates = taskRates(eps);
    Proportion overall = new Proportion((int) eps.stream().filter(LoggedEpisode::success).count(), eps.size());
    List<StepRow> traceRows = StepRows.episode(StepRows.read(dir.resolve(EpisodeLogWriter.STEPS)), trace);
    List<Chart> charts = List.of(Plots.perTaskSuccess(rates), Plots.firstCloseHistogram(eps, 10), Plots.actionTraces(trace, traceRows));
    for (Chart c : charts) c.save(dir.resolve(PLOTS));

    StringBuilder h = new StringBuilder(1 << 16);
    JsonNode plan = config.path("plan");
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>vla4j report: ")
        .append(esc(plan.path("policy").asText())).append(" on ").append(esc(plan.path("suite").asText())).append("</title>\n<style>")
        .append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
        .append("td.l,th.l{text-align:left}img.plot{max-width:100%;border:1px solid #eee}")
        .append(".ok{color:#2e7d32}.bad{color:#c62828}figure{display:inline-block;margin:0.5em}</style></head><body>\n");
    h.append("<h1>vla4j report</h1>\n<table>");
    kv(h, "suite", plan.path("suite").asText());
    kv(h, "policy", plan.path("policy").asText());
    kv(h, "toggle", plan.path("toggle").asText("none"));
    kv(h, "monitor", plan.path("monitor").asText("off"));
    kv(h, "seed", plan.path("seed").asText());
    kv(h, "episodes", eps.size() + " of " + config.path("episodes").asText());
    kv(h, "git commit", config.path("git_commit").asText() + (config.path("git_dirty").asBoolean(false) ? " (dirty)" : ""));
    kv(h, "vla4j / MuJoCo / Java", config.path("vla4j_version").asText() + " / " + config.path("mujoco_version").asText()
        + " / " + config.path("java_version").asText());
    kv(h, "started", config.path("start_time").asText());
    JsonNode summary = RunLogs.summaryOrNull(dir);
    if (summary != null) kv(h, "wall time", String.format(Locale.ROOT, "%.1f s (%.1f episodes/hour)",
        summary.path("wall_s").asDouble(), summary.path("episodes_per_hour").asDouble()));
    h.append("</table>\n");

    h.append("<h2>Success rate</h2>\n<table><tr><th>task</th><th class=\"l\">instruction</th><th>n</th><th>successes</th>")
        .append("<th>rate ± SE</th><th>Wilson 95%</th></tr>\n");
    for (TaskRate r : rates) rateRow(h, Integer.toString(r.taskId()), r.instruction(), r.rate());
    rateRow(h, "all", "overall", overall);
    h.append("</table>\n");

    h.append("<h2>Plots</h2>\n");
    String[] captions = {"Success rate per task; whiskers: Wilson 95% interval.",
        "First gripper-close step (policy steps, bins of 10) by outcome.",
        "Actions of episode " + trace + " (" + (eps.get(trace).success() ? "success" : "failure") + "), policy steps."};
    for (int i = 0; i < charts.size(); i++) {
      h.append("<figure><img class=\"plot\" alt=\"").append(esc(charts.get(i).name())).append("\" src=\"")
          .append(dataUri("image/png", charts.get(i).png())).append("\"><figcaption>").append(esc(captions[i]))
          .append("</figcaption></figure>\n");
    }

    List<MonitorEvent> events = RunLogs.monitorEvents(dir);
    h.append("<h2>Monitor events</h2>\n");
    if (events.isEmpty()) {
      h.append("<p>").append("off".equals(plan.path("monitor").asText("off")) ? "The run had no runtime monitor (eval --monitor off)."
          : "No monitor events.").append("</p>\n");
    } else {
      h.append("<table><tr><th>episode</th><th>step</th><th class=\"l\">monitor</th><th>stopped</th><th class=\"l\">evidence</th></tr>\n");
      for (MonitorEvent e : events) {
        h.append("<tr><td>").append(e.episode()).append("</td><td>").append(e.step()).append("</td><td class=\"l\">")
            .append(esc(e.monitor())).append("</td><td>").append(e.stopped() ? "yes" : "no").append("</td><td class=\"l\">")
            .append(esc(e.evidence())).append("</td></tr>\n");
      }
      h.append("</table>\n");
    }

    h.append("<h2>Videos</h2>\n");
    List<Path> gifs = videos(dir);
    if (gifs.isEmpty()) h.append("<p>No videos: record some with <code>vla4j eval --video K</code>.</p>\n");
    for (Path g : gifs) {
      h.append("<figure><img alt=\"").append(esc(g.getFileName().toString())).append("\" src=\"")
          .append(dataUri("image/gif", read(g))).append("\"><figcaption>").append(esc(g.getFileName().toString()))
          .append(" (agentview left, wrist right)</figcaption></figure>\n");
    }

    Map<Integer, Double> wall = RunLogs.timings(dir);
    h.append("<h2>Episodes</h2>\n<table><tr><th>episode</th><th>task</th><th>init state</th><th>seed</th><th>outcome</th>")
        .append("<th>steps</th><th>first close</th><th>wall s</th></tr>\n");
    for (LoggedEpisode e : eps) {
      h.append("<tr><td>").append(e.episode()).append("</td><td>").append(e.taskId()).append("</td><td>").append(e.initState())
          .append("</td><td>").append(e.seed()).append("</td><td class=\"l ").append(e.success() ? "ok\">success" : "bad\">" + esc(e.failureReason()))
          .append("</td><td>").append(e.steps()).append("</td><td>").append(e.firstGripperCloseStep()).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.3f", wall.getOrDefault(e.episode(), Double.NaN))).append("</td></tr>\n");
    }
    h.append("</table>\n</body></html>\n");
    Path out = dir.resolve(FILE);
    org.vla4j.runlog.JsonFiles.writeAtomic(out, h.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return out;
  }

  /** Per-task rates from the logged episodes, ascending task id. */
  static List<TaskRate> taskRates(List<LoggedEpisode> eps) {
    Map<Integer, int[]> counts = new TreeMap<>();
    Map<Integer, String> instr = new TreeMap<>();
    for (LoggedEpisode e : eps) {
      int[] c = counts.computeIfAbsent(e.taskId(), k -> new int[2]);
      c[0]++;
      if (e.success()) c[1]++;
      instr.putIfAbsent(e.taskId(), e.instruction());
    }
    List<TaskRate> out = new ArrayList<>();
    counts.forEach((t, c) -> out.add(new TaskRate(t, instr.get(t), new Proportion(c[1], c[0]))));
    return out;
  }

  /** The GIFs in {@code DIR/videos/}, sorted by name. */
  static List<Path> videos(Path dir) {
    Path v = dir.resolve(Videos.FOLDER);
    if (!Files.isDirectory(v)) return List.of();
    try (Stream<Path> s = Files.list(v)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".gif")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + v + ": " + e.getMessage(), e);
    }
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /** A {@code data:} URI of {@code bytes}. */
  static String dataUri(String mime, byte[] bytes) {
    return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes);
  }

  private static void kv(StringBuilder h, String k, String v) {
    h.append("<tr><th class=\"l\">").append(esc(k)).append("</th><td class=\"l\">").append(esc(v)).append("</td></tr>\n");
  }

  private static void rateRow(StringBuilder h, String id, String instruction, Proportion p) {
    Proportion.Interval w = p.wilson95();
    h.append("<tr><td>").append(id).append("</td><td class=\"l\">").append(esc(instruction)).append("</td><td>").append(p.n())
        .append("</td><td>").append(p.successes()).append("</td><td>")
        .append(String.format(Locale.ROOT, "%.3f ± %.3f", p.successRate(), p.standardError())).append("</td><td>")
        .append(String.format(Locale.ROOT, "[%.3f, %.3f]", w.lo(), w.hi())).append("</td></tr>\n");
  }

  /** HTML-escapes text ({@code & < > " '}); null becomes empty. */
  static String esc(String s) {
    if (s == null) return "";
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
