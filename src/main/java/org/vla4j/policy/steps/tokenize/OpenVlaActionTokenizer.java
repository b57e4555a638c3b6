package org.vla4j.policy.steps.tokenize;

/**
 * OpenVLA's action tokenizer (Kim et al. 2024, arXiv:2406.09246; {@code ActionTokenizer} in the
 * openvla project), reproduced to the bit in {@code float64}.
 *
 * <ul>
 *   <li>{@code bins} bin <b>edges</b> = numpy {@code linspace(-1, 1, bins)}: edge i = {@code i ·
 *       (2 / (bins − 1)) + (−1)}, last edge exactly 1 (numpy's own arithmetic, so the edges are
 *       bit-identical to numpy's).
 *   <li>{@code bins − 1} <b>centers</b> = {@code (edge[i] + edge[i + 1]) / 2}.
 *   <li>Encode: clip to [−1, 1]; {@code d = digitize(a, edges)} with numpy's default {@code
 *       right=False} (d = number of edges ≤ a, d ∈ 1..bins); token id = {@code vocabSize − d}.
 *   <li>Decode: {@code d = vocabSize − id}; {@code idx = clip(d − 1, 0, bins − 2)}; value = {@code
 *       centers[idx]}.
 * </ul>
 *
 * <p>With the defaults (vocab 32000, 256 bins) action ids are 31744..31999. Consequences kept on
 * purpose: {@code a = 1.0} (d = 256, id 31744) and {@code a ∈ [1 − 2/255, 1)} (d = 255, id 31745)
 * both decode to the last center, so decode→encode maps 31744 to 31745 (the documented collapse);
 * ids outside the action range are clipped by the rule above and counted by {@link #decode(int[],
 * double[])}.
 *
 * <p>Immutable and thread-safe.
 */
public final class OpenVlaActionTokenizer implements ActionTokenizer {

  /** OpenVLA's published configuration: Llama-2 vocabulary of 32000, 256 bins. */
  public static final int DEFAULT_VOCAB_SIZE = 32000;

  /** OpenVLA's bin (edge) count. */
  public static final int DEFAULT_BINS = 256;

  private final int vocabSize;
  private final int bins;
  private final double[] edges;
  private final double[] centers;

  private OpenVlaActionTokenizer(int vocabSize, int bins) {
    if (bins < 2) {
      throw new IllegalArgumentException("bins must be at least 2, got " + bins);
    }
    if (vocabSize < bins) {
      throw new IllegalArgumentException(
          "vocab size " + vocabSize + " is smaller than the bin count " + bins);
    }
    this.vocabSize = vocabSize;
    this.bins = bins;
    this.edges = linspace(-1.0, 1.0, bins);
    this.centers = new double[bins - 1];
    for (int i = 0; i < bins - 1; i++) {
      centers[i] = (edges[i] + edges[i + 1]) / 2.0;
    }
  }

  /**
   * Builds the tokenizer.
   *
   * @param vocabSize tokenizer vocabulary size (Llama-2: 32000); must be ≥ {@code bins}
   * @param bins number of bin edges (OpenVLA: 256); at least 2
   * @throws IllegalArgumentException on invalid sizes
   */
  public static OpenVlaActionTokenizer of(int vocabSize, int bins) {
    return new OpenVlaActionTokenizer(vocabSize, bins);
  }

  /** OpenVLA's published tokenizer (vocab 32000, 256 bins). */
  public static OpenVlaActionTokenizer openVla() {
    return of(DEFAULT_VOCAB_SIZE, DEFAULT_BINS);
  }

  /**
   * numpy {@code linspace(start, stop, num)} with endpoint, float64: {@code i·step + start}, last
   * element set to {@code stop} (numpy/_core/function_base.py).
   */
  static double[] linspace(double start, double stop, int num) {
    double[] y = new double[num];
    double step = (stop - start) / (num - 1);
    for (int i = 0; i < num; i++) {
      y[i] = i * step + start;
    }
    y[num - 1] = stop;
    return y;
  }

  /** Vocabulary size; token ids are {@code vocabSize − d}. */
  public int vocabSize() {
    return vocabSize;
  }

  /** Number of bin edges (centers are one fewer). */
  public int bins() {
    return bins;
  }

  /** A copy of the {@code [bins]} edges. */
  public double[] edges() {
    return edges.clone();
  }

  /** A copy of the {@code [bins − 1]} centers. */
  public double[] centers() {
    return centers.clone();
  }

  @Override
  public String scheme() {
    return "openvla";
  }

  @Override
  public int minActionId() {
    return vocabSize - bins;
  }

  @Override
  public int maxActionId() {
    return vocabSize - 1;
  }

  /**
   * numpy {@code digitize(x, edges)} for increasing edges, {@code right=False}: the number of edges
   * ≤ x, in 0..bins. Exact: a first guess from the uniform spacing is corrected against the edges.
   */
  int digitize(double x) {
    int n = bins;
    int d = (int) Math.floor((x + 1.0) * ((n - 1) / 2.0)) + 1;
    if (d < 0) {
      d = 0;
    } else if (d > n) {
      d = n;
    }
    while (d < n && edges[d] <= x) {
      d++;
    }
    while (d > 0 && edges[d - 1] > x) {
      d--;
    }
    return d;
  }

  /** Token id for one normalized value (clipped to [−1, 1] first); value must be finite. */
  public int encodeValue(double a) {
    double c = a < -1.0 ? -1.0 : (a > 1.0 ? 1.0 : a);
    return vocabSize - digitize(c);
  }

  @Override
  public void encode(double[] actions, int[] ids) {
    ActionTokenizer.checkLengths(actions.length, ids.length);
    for (int i = 0; i < actions.length; i++) {
      double a = actions[i];
      ActionTokenizer.checkFinite(a, i);
      ids[i] = encodeValue(a);
    }
  }

  @Override
  public int decode(int[] ids, double[] actions) {
    ActionTokenizer.checkLengths(ids.length, actions.length);
    int lo = vocabSize - bins;
    int hi = vocabSize - 1;
    int maxIdx = bins - 2;
    int outside = 0;
    for (int i = 0; i < ids.length; i++) {
      int id = ids[i];
      if (id < lo || id > hi) {
        outside++;
      }
      long idx = (long) vocabSize - id - 1;
      int j = idx < 0 ? 0 : (idx > maxIdx ? maxIdx : (int) idx);
      actions[i] = centers[j];
    }
    return outside;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OpenVlaActionTokenizer t && t.vocabSize == vocabSize && t.bins == bins;
  }

  @Override
  public int hashCode() {
    return 31 * vocabSize + bins;
  }

  @Override
  public String toString() {
    return "OpenVlaActionTokenizer[vocabSize=" + vocabSize + ", bins=" + bins + "]";
  }
}
