package org.vla4j.runlog;

import org.vla4j.rollout.StepRecord;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a re-run episode against its logged steps: step by step, the {@code img_mean}, the 7
 * action entries, the reward and done must be the same strings as logged (4 decimals, {@link
 * LogLines#fixed4}), a chunked policy's {@code query} and {@code blend} the same numbers, and the episode must have the same number of steps; then its line of {@code
 * episodes.jsonl} ({@link #outcomeDivergence}).
 */
public final class Replay {
  private static final Pattern FIELDS = Pattern.compile(
      "\"step\":(-?\\d+),\"img_mean\":([^,]+),\"action\":\\[([^\\]]*)\\],\"reward\":([^,]+),\"done\":(true|false)");
  private static final Pattern QUERY = Pattern.compile(",\"query\":(\\d+),\"blend\":(\\d+)}$");

  private Replay() {}

  /**
   * Where a replay first differs from the log.
   *
   * @param step the step (within the episode, wait steps counted) where it differs
   * @param field {@code img_mean}, {@code action[i]}, {@code reward}, {@code done}, {@code query}, {@code
   *     blend} ({@code -} where a line has none), {@code steps} (the
   *     episode is longer or shorter), or an episode field ({@code success}, {@code failure_reason},
   *     {@code policy_steps}, {@code first_gripper_close_step}; step −1)
   * @param logged the logged value (as text)
   * @param replayed the replayed value (as text)
   */
  public record Divergence(int step, String field, String logged, String replayed) {
    /** One line, e.g. {@code step 12: action[3] logged 0.1234, replayed 0.1235}. */
    public String describe() {
      return (step < 0 ? "episodes.jsonl" : "step " + step) + ": " + field + " logged " + logged + ", replayed " + replayed;
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
      if (!a[3].equals(b[3])) return Optional.of(new Divergence(i, "reward", a[3], b[3]));
      if (!a[4].equals(b[4])) return Optional.of(new Divergence(i, "done", a[4], b[4]));
      if (!a[5].equals(b[5])) return Optional.of(new Divergence(i, "query", a[5], b[5]));
      if (!a[6].equals(b[6])) return Optional.of(new Divergence(i, "blend", a[6], b[6]));
    }
    if (logged.size() != replayed.size()) {
      return Optional.of(new Divergence(n, "steps", logged.size() + " steps", replayed.size() + " steps"));
    }
    return Optional.empty();
  }

  /**
   * Where a re-run episode's outcome differs from its logged line of {@code episodes.jsonl}: success,
   * failure reason, number of policy steps, first gripper-close step.
   *
   * @return empty if all four agree
   */
  public static Optional<Divergence> outcomeDivergence(LoggedEpisode logged, org.vla4j.rollout.EpisodeResult replayed) {
    if (logged.success() != replayed.success()) {
      return Optional.of(new Divergence(-1, "success", String.valueOf(logged.success()), String.valueOf(replayed.success())));
    }
    if (!java.util.Objects.equals(logged.failureReason(), replayed.failureReason())) {
      return Optional.of(new Divergence(-1, "failure_reason", String.valueOf(logged.failureReason()), String.valueOf(replayed.failureReason())));
    }
    if (logged.steps() != replayed.steps()) {
      return Optional.of(new Divergence(-1, "policy_steps", String.valueOf(logged.steps()), String.valueOf(replayed.steps())));
    }
    if (logged.firstGripperCloseStep() != replayed.firstGripperCloseStep()) {
      return Optional.of(new Divergence(-1, "first_gripper_close_step", String.valueOf(logged.firstGripperCloseStep()),
          String.valueOf(replayed.firstGripperCloseStep())));
    }
    return Optional.empty();
  }

  private static String[] fields(String line) {
    Matcher m = FIELDS.matcher(line);
    if (!m.find()) throw new IllegalArgumentException("not a steps.jsonl line: " + (line.length() > 80 ? line.substring(0, 77) + "..." : line));
    Matcher q = QUERY.matcher(line.strip());
    boolean chunked = q.find();
    return new String[] {m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), chunked ? q.group(1) : "-", chunked ? q.group(2) : "-"};
  }
}
