package org.vla4j.diagnose.predicates;

import org.vla4j.runlog.StepRow;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vla4j.runlog.LogLines;

/**
 * Numbers the failure predicates read off a list of steps; wait steps are skipped and steps whose
 * action is not finite are counted but otherwise ignored.
 *
 * @param policySteps steps that are not wait steps
 * @param nonFiniteActions policy steps with a NaN or infinite action entry
 * @param medianTranslation median of ‖(dx, dy, dz)‖ over finite policy steps, 0..√3 (0 if none)
 * @param modeFraction share of finite policy steps equal to the most frequent action (compared as the
 *     log's 4-decimal strings), 0..1
 * @param distinctActions number of distinct actions (4-decimal strings)
 * @param saturatedFraction share of finite policy steps with |dx|, |dy| or |dz| ≥ the saturation level, 0..1
 * @param gripperCloses gripper command crossings from opening (≤ 0) to closing (&gt; 0); the first
 *     policy step counts as a close when it is closing
 * @param gripperFlips sign changes of the gripper command between consecutive policy steps
 * @param succeeded whether some step has reward ≥ 1 or done
 * @param imgMeanRange max − min of the finite img_mean values (0 if fewer than 2), 0..255
 * @param meanRotation mean of ‖(rx, ry, rz)‖ over finite policy steps, normalized units (0 if none)
 * @param pinnedFraction share of finite policy steps whose three translation components all have
 *     |x| ≥ the pinned level (the action pinned at a corner of the range), 0..1
 */
public record TrajectoryStats(
    int policySteps, int nonFiniteActions, double medianTranslation, double modeFraction, int distinctActions,
    double saturatedFraction, int gripperCloses, int gripperFlips, boolean succeeded, double imgMeanRange,
    double meanRotation, double pinnedFraction) {

  /** The numbers the thresholds {@code t} need (its saturation and pinned levels). */
  public static TrajectoryStats of(List<StepRow> rows, PredicateThresholds t) {
    return of(rows, t.saturationLevel(), t.pinnedLevel());
  }

  /** Computes the numbers; {@code saturationLevel} in (0, 10], {@code pinnedLevel} in (0, 1]. */
  public static TrajectoryStats of(List<StepRow> rows, double saturationLevel, double pinnedLevel) {
    int n = 0;
    int bad = 0;
    double[] norms = new double[rows.size()];
    int finite = 0;
    int saturated = 0;
    int pinned = 0;
    double rotationSum = 0;
    Map<String, Integer> counts = new HashMap<>();
    int closes = 0;
    int flips = 0;
    Boolean prevClosing = null;
    boolean success = false;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    int imgs = 0;
    for (StepRow r : rows) {
      if (r.reward() >= 1 || r.done()) success = true;
      if (r.isWait()) continue;
      n++;
      if (Double.isFinite(r.imgMean())) {
        lo = Math.min(lo, r.imgMean());
        hi = Math.max(hi, r.imgMean());
        imgs++;
      }
      if (!r.actionFinite()) {
        bad++;
        continue;
      }
      double[] a = r.action();
      norms[finite++] = r.translationNorm();
      if (Math.abs(a[0]) >= saturationLevel || Math.abs(a[1]) >= saturationLevel || Math.abs(a[2]) >= saturationLevel) saturated++;
      if (Math.abs(a[0]) >= pinnedLevel && Math.abs(a[1]) >= pinnedLevel && Math.abs(a[2]) >= pinnedLevel) pinned++;
      rotationSum += Math.sqrt(a[3] * a[3] + a[4] * a[4] + a[5] * a[5]);
      StringBuilder key = new StringBuilder();
      for (double x : a) key.append(LogLines.fixed4(x)).append(',');
      counts.merge(key.toString(), 1, Integer::sum);
      boolean closing = a[6] > 0;
      if (closing && (prevClosing == null || !prevClosing)) closes++;
      if (prevClosing != null && closing != prevClosing) flips++;
      prevClosing = closing;
    }
    double median = 0;
    if (finite > 0) {
      double[] s = Arrays.copyOf(norms, finite);
      Arrays.sort(s);
      median = finite % 2 == 1 ? s[finite / 2] : (s[finite / 2 - 1] + s[finite / 2]) / 2;
    }
    int mode = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    return new TrajectoryStats(n, bad, median, finite == 0 ? 0 : (double) mode / finite, counts.size(),
        finite == 0 ? 0 : (double) saturated / finite, closes, flips, success, imgs < 2 ? 0 : hi - lo,
        finite == 0 ? 0 : rotationSum / finite, finite == 0 ? 0 : (double) pinned / finite);
  }
}
