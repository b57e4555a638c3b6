package org.vla4j.runlog;

import org.vla4j.rollout.StepRecord;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a re-run episode against its logged steps: step by step, the {@code img_mean} and the 7
 * action entries must be the same strings as logged (4 decimals, {@link LogLines#fixed4}), and the
 * episode must have the same number of steps.
 */
public final class Replay {
  private static final Pattern FIELDS = Pattern.compile("\"step\":(-?\\d+),\"img_mean\":([^,]+),\"action\":\\[([^\\]]*)\\]");

  private Replay() {}

  /**
   * Where a replay first differs from the log.
   *
   * @param step the step (within the episode, wait steps counted) where it differs
   * @param field {@code img_mean}, {@code action[i]} or {@code steps} (the episode is longer or shorter)
   * @param logged the logged value (as text)
   * @param replayed the replayed value (as text)
   */
  public record Divergence(int step, String field, String logged, String replayed) {
    /** One line, e.g. {@code step 12: action[3] logged 0.1234, replayed 0.1235}. */
    public String describe() {
      return "step " + step + ": " + field + " logged " + logged + ", replayed " + replayed;
    }
  }

  /**
   * The first divergence between the logged step lines of an episode and a replayed episode.
   *
   * @param logged the episode's lines of {@code steps.jsonl}, in order
   * @param replayed the re-run episode's steps
   * @return empty if every step matches
   * @throws IllegalArgumentException if a logged line is not a step line
   */
  public static Optional<Divergence> firstDivergence(List<String> logged, List<StepRecord> replayed) {
    int n = Math.min(logged.size(), replayed.size());
    for (int i = 0; i < n; i++) {
      String[] a = fields(logged.get(i));
      String[] b = fields(LogLines.step(replayed.get(i).episode(), replayed.get(i)));
      if (!a[1].equals(b[1])) return Optional.of(new Divergence(i, "img_mean", a[1], b[1]));
      String[] la = a[2].split(",", -1);
      String[] ra = b[2].split(",", -1);
      for (int k = 0; k < Math.max(la.length, ra.length); k++) {
        String x = k < la.length ? la[k] : "-";
        String y = k < ra.length ? ra[k] : "-";
        if (!x.equals(y)) return Optional.of(new Divergence(i, "action[" + k + "]", x, y));
      }
    }
    if (logged.size() != replayed.size()) {
      return Optional.of(new Divergence(n, "steps", logged.size() + " steps", replayed.size() + " steps"));
    }
    return Optional.empty();
  }

  private static String[] fields(String line) {
    Matcher m = FIELDS.matcher(line);
    if (!m.find()) throw new IllegalArgumentException("not a steps.jsonl line: " + (line.length() > 80 ? line.substring(0, 77) + "..." : line));
    return new String[] {m.group(1), m.group(2), m.group(3)};
  }
}
