package org.vla4j.report;

import org.vla4j.diagnose.monitor.MonitorSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.vla4j.runlog.LoggedEpisode;
import org.vla4j.runlog.RunLogs;
import org.vla4j.eval.run.RunReplay;
import org.vla4j.eval.run.RunnerProvider;

/**
 * Rollout videos of a finished run: picks the first K successes and the first K failures by episode
 * index (a rule that does not depend on the worker count), replays each from its logged seed and init
 * state with a {@link FrameRecorder}, checks the replay against the log, and writes
 * {@code DIR/videos/episode_<EEEEE>_<success|failure>.gif} (agentview left, wrist right, upright,
 * every 2nd step, 10 fps).
 */
public final class Videos {
  /** Folder inside the run folder. */
  public static final String FOLDER = "videos";
  /** Steps per kept frame. */
  static final int STRIDE = 2;

  private Videos() {}

  /**
   * A written video.
   *
   * @param episode the episode
   * @param file the GIF
   * @param replayMatched whether the replay matched the logged steps (if not, the video shows the replay)
   */
  public record Video(LoggedEpisode episode, Path file, boolean replayMatched) {}

  /**
   * The episodes to record: the first {@code k} successes and the first {@code k} failures in index
   * order, in index order.
   */
  public static List<LoggedEpisode> select(List<LoggedEpisode> episodes, int k) {
    List<LoggedEpisode> out = new ArrayList<>();
    int ok = 0;
    int bad = 0;
    for (LoggedEpisode e : episodes) {
      if (e.success() && ok < k) {
        out.add(e);
        ok++;
      } else if (!e.success() && bad < k) {
        out.add(e);
        bad++;
      }
    }
    return out;
  }

  /** The GIF's file name for an episode, e.g. {@code episode_00012_failure.gif}. */
  public static String fileName(LoggedEpisode e) {
    return String.format(Locale.ROOT, "episode_%05d_%s.gif", e.episode(), e.success() ? "success" : "failure");
  }

  /**
   * Records the videos of the run in {@code dir}.
   *
   * @param k successes and failures to record each, ≥ 0
   * @param progress told after each video
   * @throws IllegalArgumentException if {@code dir} is not a run folder or k &lt; 0
   */
  public static List<Video> record(Path dir, int k, RunnerProvider provider, Consumer<Video> progress) {
    if (k < 0) throw new IllegalArgumentException("--video must be >= 0, got " + k);
    List<LoggedEpisode> chosen = select(RunLogs.episodes(dir), k);
    List<Video> out = new ArrayList<>();
    if (chosen.isEmpty()) return out;
    FrameRecorder[] current = new FrameRecorder[1];
    try (RunReplay replay = new RunReplay(dir, provider, MonitorSettings::choiceFor, spec -> current[0] = new FrameRecorder(STRIDE))) {
      for (LoggedEpisode e : chosen) {
        RunReplay.Result r = replay.replay(e.episode());
        Path file = dir.resolve(FOLDER).resolve(fileName(e));
        GifWriter.write(current[0].frames(), 100, file);
        Video v = new Video(e, file, r.identical());
        out.add(v);
        progress.accept(v);
      }
    }
    return out;
  }
}
