package org.vla4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.vla4j.eval.run.RunnerProvider;
import org.vla4j.report.Videos;
import picocli.CommandLine;

/** The {@code --video K} step of {@code vla4j eval}: records the chosen episodes' GIFs after the run. */
final class VideoPass {
  private VideoPass() {}

  /** Records the videos and says on stderr where each went and whether its replay matched the log. */
  static void record(Path dir, int k, RunnerProvider runners, CommandLine cl) {
    PrintWriter err = cl.getErr();
    Videos.record(dir, k, runners, v -> {
      err.println("vla4j: video " + v.file() + (v.replayMatched() ? "" : " (WARNING: the replay diverged from the log)"));
      err.flush();
    });
  }
}
