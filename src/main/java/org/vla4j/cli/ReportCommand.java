package org.vla4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vla4j.eval.run.RunnerProvider;
import org.vla4j.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vla4j report RUN_DIR}: writes RUN_DIR/report.html (self-contained) and RUN_DIR/plots/*.png|svg. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write RUN_DIR/report.html: summary table, plots, monitor events, videos (all inlined), and plots as PNG/SVG.")
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "run folder written by vla4j eval")
  Path dir;

  @Option(names = "--trace-episode", defaultValue = "-1",
      description = "episode whose actions are plotted (default: the first failure, else 0)")
  int traceEpisode;

  @Option(names = "--video", defaultValue = "0",
      description = "first record GIFs of the first K successes and K failures by replaying them (as eval --video K)")
  int video;

  private final RunnerProvider runners;

  /** With the CLI's runners (for --video). */
  public ReportCommand() {
    this(DefaultRunners.provider());
  }

  /** With the given runners (tests). */
  public ReportCommand(RunnerProvider runners) {
    this.runners = runners;
  }

  @Override
  public Integer call() {
    if (video < 0) throw new IllegalArgumentException("--video must be >= 0, got " + video);
    if (video > 0) VideoPass.record(dir, video, runners, spec.commandLine());
    Path out = HtmlReport.write(dir, traceEpisode);
    spec.commandLine().getOut().println("report: " + out.toAbsolutePath().normalize());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
