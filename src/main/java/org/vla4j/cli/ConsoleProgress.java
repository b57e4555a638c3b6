package org.vla4j.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.vla4j.eval.run.EvalListener;
import org.vla4j.rollout.EpisodeResult;

/** A progress bar on stderr: episodes written / planned, and the success count and rate so far. */
final class ConsoleProgress implements EvalListener, AutoCloseable {
  private final PrintStream stream;
  private ProgressBar bar;

  ConsoleProgress(PrintStream stream) {
    this.stream = stream;
  }

  @Override
  public void started(int total, int done, int successes) {
    bar = new ProgressBarBuilder()
        .setTaskName("eval")
        .setInitialMax(total)
        .startsFrom(done, Duration.ZERO)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" episodes", 1)
        .setUpdateIntervalMillis(500)
        .setConsumer(new ConsoleProgressBarConsumer(stream))
        .build();
    bar.setExtraMessage(message(done, successes));
  }

  @Override
  public void episodeWritten(EpisodeResult result, int done, int successes) {
    bar.stepTo(done);
    bar.setExtraMessage(message(done, successes));
  }

  private static String message(int done, int successes) {
    return done == 0 ? "" : String.format(Locale.ROOT, "%d successes (%.1f%%)", successes, 100.0 * successes / done);
  }

  @Override
  public void close() {
    if (bar != null) bar.close();
  }
}
