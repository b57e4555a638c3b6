package org.vla4j.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.vla4j.runlog.LoggedEpisode;
import org.vla4j.eval.stats.Proportion;
import org.vla4j.eval.stats.TaskRate;
import org.vla4j.runlog.StepRow;

/** The report's plots, built with XChart. Each returns a {@link Chart} that renders to PNG and SVG. */
public final class Plots {
  static final Color SUCCESS = new Color(0x2e7d32);
  static final Color FAILURE = new Color(0xc62828);
  static final Color BAR = new Color(0x1565c0);
  static final String[] DIMS = {"dx", "dy", "dz", "rx", "ry", "rz", "gripper"};

  private Plots() {}

  /**
   * Histogram of the first gripper-close step (policy steps) by outcome: two bar series (success,
   * failure) over bins of {@code binSteps} steps, from 0 to the largest step seen; episodes that never
   * closed the gripper (−1) are counted in a bin labelled {@code never}.
   *
   * @param binSteps bin width in steps, ≥ 1
   */
  public static Chart firstCloseHistogram(List<LoggedEpisode> episodes, int binSteps) {
    if (binSteps < 1) throw new IllegalArgumentException("bin width must be >= 1 step, got " + binSteps);
    int max = episodes.stream().mapToInt(LoggedEpisode::firstGripperCloseStep).max().orElse(0);
    int bins = Math.max(1, max / binSteps + 1);
    List<String> labels = new ArrayList<>();
    for (int b = 0; b < bins; b++) labels.add(Integer.toString(b * binSteps));
    labels.add("never");
    int[] ok = new int[bins + 1];
    int[] bad = new int[bins + 1];
    for (LoggedEpisode e : episodes) {
      int s = e.firstGripperCloseStep();
      int b = s < 0 ? bins : s / binSteps;
      if (e.success()) ok[b]++;
      else bad[b]++;
    }
    CategoryChart c = new CategoryChartBuilder().width(800).height(400)
        .title("First gripper-close step by outcome").xAxisTitle("first close step (bin start, policy steps)")
        .yAxisTitle("episodes").build();
    style(c.getStyler());
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    c.getStyler().setXAxisLabelRotation(labels.size() > 16 ? 90 : 0);
    c.getStyler().setYAxisDecimalPattern("#");
    c.addSeries("success", labels, toList(ok)).setFillColor(SUCCESS);
    c.addSeries("failure", labels, toList(bad)).setFillColor(FAILURE);
    return new Chart("first_close_histogram", c);
  }

  /**
   * Success rate per task as bars with Wilson 95 % intervals as whiskers (asymmetric, drawn as lines
   * from lo to hi with caps); y in [0, 1].
   */
  public static Chart perTaskSuccess(List<TaskRate> rates) {
    XYChart c = new XYChartBuilder().width(800).height(400).title("Success rate per task (Wilson 95% interval)")
        .xAxisTitle("task id").yAxisTitle("success rate").build();
    style(c.getStyler());
    c.getStyler().setLegendVisible(false);
    c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    double minX = rates.stream().mapToInt(TaskRate::taskId).min().orElse(0) - 0.6;
    double maxX = rates.stream().mapToInt(TaskRate::taskId).max().orElse(0) + 0.6;
    c.getStyler().setXAxisMin(minX).setXAxisMax(maxX);
    c.getStyler().setXAxisDecimalPattern("#");
    c.getStyler().setXAxisMaxLabelCount(Math.max(2, rates.size() + 1));
    for (TaskRate r : rates) {
      double t = r.taskId();
      Proportion p = r.rate();
      double y = p.successRate();
      XYSeries bar = c.addSeries("task " + r.taskId(), new double[] {t - 0.35, t - 0.35, t + 0.35, t + 0.35},
          new double[] {0, y, y, 0});
      bar.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
      bar.setMarker(SeriesMarkers.NONE);
      bar.setFillColor(BAR);
      bar.setLineColor(BAR);
      Proportion.Interval w = p.wilson95();
      XYSeries whisker = c.addSeries("wilson " + r.taskId(), new double[] {t - 0.1, t + 0.1, t, t, t - 0.1, t + 0.1},
          new double[] {w.lo(), w.lo(), w.lo(), w.hi(), w.hi(), w.hi()});
      whisker.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      whisker.setMarker(SeriesMarkers.NONE);
      whisker.setLineColor(Color.BLACK);
      whisker.setLineStyle(new BasicStroke(2f));
    }
    return new Chart("per_task_success", c);
  }

  /** The 7 action dimensions of one episode's policy steps over the step number (wait steps left out). */
  public static Chart actionTraces(int episode, List<StepRow> rows) {
    XYChart c = new XYChartBuilder().width(800).height(400).title("Actions of episode " + episode)
        .xAxisTitle("step").yAxisTitle("action (normalized)").build();
    style(c.getStyler());
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setYAxisMin(-1.05).setYAxisMax(1.05);
    List<StepRow> policy = rows.stream().filter(r -> !r.isWait()).toList();
    double[] x = new double[Math.max(1, policy.size())];
    for (int d = 0; d < DIMS.length; d++) {
      double[] y = new double[x.length];
      for (int i = 0; i < policy.size(); i++) {
        x[i] = policy.get(i).step();
        double v = policy.get(i).action()[d];
        y[i] = Double.isFinite(v) ? v : 0;
      }
      XYSeries s = c.addSeries(DIMS[d], x.clone(), y);
      s.setMarker(SeriesMarkers.NONE);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }
    return new Chart("actions_episode_" + episode, c);
  }

  private static void style(Styler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setAntiAlias(true);
  }

  private static List<Integer> toList(int[] a) {
    List<Integer> l = new ArrayList<>();
    for (int v : a) l.add(v);
    return l;
  }
}
