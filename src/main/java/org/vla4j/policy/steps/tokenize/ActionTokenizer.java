package org.vla4j.policy.steps.tokenize;

/**
 * Box 4/5 of the loop: maps normalized continuous actions to discrete token ids and back.
 *
 * <p>Actions are flat {@code double} arrays. A single action is {@code [D]}; an action chunk
 * {@code [K, D]} is tokenized time-major (all D dimensions of step 0, then step 1, …), as OpenVLA
 * (arXiv:2406.09246) and its chunked successors do. Element {@code i} of a flat array belongs to
 * action dimension {@code i % D}, which matters only for schemes with per-dimension bounds.
 *
 * <p>The hot-path methods ({@link #encode(double[], int[])}, {@link #decode(int[], double[])}) do
 * not allocate. Bad input ({@code NaN}, infinite values, wrong length) throws {@link
 * IllegalArgumentException} naming the bad value and its position.
 *
 * <p>The set of schemes is closed: {@link OpenVlaActionTokenizer} ({@code openvla}) and {@link
 * UniformActionTokenizer} ({@code uniform}, RT-2 style). Build one by name with {@link
 * ActionTokenizers}.
 */
public sealed interface ActionTokenizer permits OpenVlaActionTokenizer, UniformActionTokenizer {

  /** Scheme name as written in a model's config.json: {@code "openvla"} or {@code "uniform"}. */
  String scheme();

  /** Smallest token id this scheme emits for an action value (inclusive). */
  int minActionId();

  /** Largest token id this scheme emits for an action value (inclusive). */
  int maxActionId();

  /**
   * Encodes {@code actions.length} normalized values into {@code ids} (same length). Values outside
   * the scheme's range are clipped, as the reference does.
   *
   * @param actions flat {@code [K·D]} normalized actions, time-major; finite
   * @param ids output {@code [K·D]} token ids
   * @throws IllegalArgumentException on length mismatch or a non-finite value
   */
  void encode(double[] actions, int[] ids);

  /**
   * Decodes {@code ids} into {@code actions} (same length). Ids outside {@code [minActionId,
   * maxActionId]} are clipped into the range the way the reference decoder does, and counted.
   *
   * @param ids flat {@code [K·D]} token ids, time-major
   * @param actions output {@code [K·D]} normalized actions
   * @return how many ids fell outside the action range (a silent failure in the reference)
   * @throws IllegalArgumentException on length mismatch
   */
  int decode(int[] ids, double[] actions);

  /** Convenience: encodes one action {@code [D]} into a new {@code [D]} id array. */
  default int[] encode(double[] actions) {
    int[] ids = new int[actions.length];
    encode(actions, ids);
    return ids;
  }

  /**
   * Convenience: decodes ids into a new array and reports the out-of-range count.
   *
   * @param ids flat {@code [K·D]} token ids
   * @return decoded values and the number of ids outside the action range
   */
  default Decoded decode(int[] ids) {
    double[] out = new double[ids.length];
    int outside = decode(ids, out);
    return new Decoded(out, outside);
  }

  /**
   * Tokenizes an action chunk {@code [K, D]} time-major into {@code [K·D]} ids.
   *
   * @throws IllegalArgumentException if rows differ in length or a value is non-finite
   */
  default int[] encodeChunk(double[][] chunk) {
    if (chunk.length == 0) {
      return new int[0];
    }
    int d = chunk[0].length;
    double[] flat = new double[chunk.length * d];
    for (int k = 0; k < chunk.length; k++) {
      if (chunk[k].length != d) {
        throw new IllegalArgumentException(
            "action chunk row " + k + " has " + chunk[k].length + " dimensions, expected " + d);
      }
      System.arraycopy(chunk[k], 0, flat, k * d, d);
    }
    return encode(flat);
  }

  /**
   * Decodes {@code [K·D]} time-major ids into an action chunk {@code [K, D]}.
   *
   * @param dims D, the action dimension; must divide {@code ids.length}
   * @return the chunk and the number of ids outside the action range
   * @throws IllegalArgumentException if {@code dims} does not divide the id count
   */
  default DecodedChunk decodeChunk(int[] ids, int dims) {
    if (dims <= 0 || ids.length % dims != 0) {
      throw new IllegalArgumentException(
          "cannot split " + ids.length + " token ids into actions of " + dims + " dimensions");
    }
    Decoded flat = decode(ids);
    double[][] chunk = new double[ids.length / dims][dims];
    for (int k = 0; k < chunk.length; k++) {
      System.arraycopy(flat.actions(), k * dims, chunk[k], 0, dims);
    }
    return new DecodedChunk(chunk, flat.outOfRange());
  }

  /**
   * Decoded flat actions.
   *
   * @param actions {@code [K·D]} normalized values
   * @param outOfRange number of ids that were outside the action range and got clipped
   */
  record Decoded(double[] actions, int outOfRange) {}

  /**
   * Decoded action chunk.
   *
   * @param chunk {@code [K, D]} normalized values
   * @param outOfRange number of ids that were outside the action range and got clipped
   */
  record DecodedChunk(double[][] chunk, int outOfRange) {}

  /** Checks equal lengths of input and output arrays; shared by implementations. */
  static void checkLengths(int in, int out) {
    if (in != out) {
      throw new IllegalArgumentException(
          "input has " + in + " elements but output has " + out + "; they must match");
    }
  }

  /** Rejects NaN and infinities with a message naming the position. */
  static void checkFinite(double v, int index) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(
          "action value at index " + index + " is " + v + "; actions must be finite numbers");
    }
  }
}
