package org.vla4j.diagnose.monitor;

import java.util.List;

/**
 * How well monitor verdicts match labels (e.g. per episode: did the monitor flag it, was it a drill
 * episode with that failure): counts of the confusion matrix, precision and recall.
 *
 * @param truePositives flagged and labelled positive
 * @param falsePositives flagged, labelled negative
 * @param falseNegatives not flagged, labelled positive
 * @param trueNegatives neither
 */
public record MonitorScore(int truePositives, int falsePositives, int falseNegatives, int trueNegatives) {

  /**
   * Scores {@code predicted} against {@code labels}, element by element.
   *
   * @throws IllegalArgumentException if the lists differ in length
   */
  public static MonitorScore of(List<Boolean> predicted, List<Boolean> labels) {
    if (predicted.size() != labels.size()) {
      throw new IllegalArgumentException("need one label per verdict: " + predicted.size() + " verdicts, " + labels.size() + " labels");
    }
    int tp = 0, fp = 0, fn = 0, tn = 0;
    for (int i = 0; i < predicted.size(); i++) {
      boolean p = predicted.get(i);
      boolean l = labels.get(i);
      if (p && l) tp++;
      else if (p) fp++;
      else if (l) fn++;
      else tn++;
    }
    return new MonitorScore(tp, fp, fn, tn);
  }

  /** TP / (TP + FP), in [0, 1]; NaN when nothing was flagged. */
  public double precision() {
    return truePositives + falsePositives == 0 ? Double.NaN : (double) truePositives / (truePositives + falsePositives);
  }

  /** TP / (TP + FN), in [0, 1]; NaN when no label is positive. */
  public double recall() {
    return truePositives + falseNegatives == 0 ? Double.NaN : (double) truePositives / (truePositives + falseNegatives);
  }

  /** Harmonic mean of precision and recall; NaN when either is NaN, 0 when both are 0. */
  public double f1() {
    double p = precision();
    double r = recall();
    if (Double.isNaN(p) || Double.isNaN(r)) return Double.NaN;
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
}
