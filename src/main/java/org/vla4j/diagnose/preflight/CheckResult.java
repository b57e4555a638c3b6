package org.vla4j.diagnose.preflight;

import java.util.Map;

/**
 * One line of a preflight report.
 *
 * @param check the check's name: {@code image_orientation}, {@code prompt_template}, {@code unnorm_key},
 *     {@code gripper}, {@code golden}
 * @param status its verdict on all frames together
 * @param detail one line with the numbers behind the verdict (or why the check was skipped)
 * @param numbers the same numbers, keyed, for the JSON report (JSON values: numbers, strings, lists, maps)
 * @param frames how many frames the check judged alone (its evidence units; 0 for a skipped or
 *     frame-less check such as golden)
 * @param framesFailed how many of those frames would FAIL if each were the only frame (the
 *     single-frame detection count of docs/RESULTS.md)
 */
public record CheckResult(String check, CheckStatus status, String detail, Map<String, Object> numbers, int frames, int framesFailed) {
  public CheckResult {
    numbers = Map.copyOf(numbers);
  }

  /** A check that does not apply, with the reason. */
  static CheckResult skip(String check, String why) {
    return new CheckResult(check, CheckStatus.SKIP, why, Map.of(), 0, 0);
  }

  /** {@code STATUS name: detail}, as printed. */
  public String line() {
    return String.format("%-4s %-17s %s", status, check, detail);
  }
}
