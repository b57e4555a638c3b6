package org.vla4j.policy.steps.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * FAST action tokens (Pertsch et al. 2025, arXiv:2501.09747; its reference processor {@code
 * physical-intelligence/fast}, {@code processing_action_tokenizer.py}, as openpi and LeRobot use it):
 * a normalized action chunk {@code [K, D]} (each dimension in [−1, 1], normalized by the q01/q99
 * bounds as FAST does: {@code ActionNormalizer}) becomes a variable number of token ids:
 *
 * <ol>
 *   <li>per dimension, the orthonormal DCT-II over time ({@code scipy.fft.dct(x, axis=time,
 *       norm="ortho")}): coefficient k of dimension d;
 *   <li>scale and round: {@code round(coef · scale)} (numpy's {@code np.around}, half to even);
 *   <li>flatten the {@code [K, D]} coefficient matrix row-major, as FAST's {@code elem.flatten()}:
 *       coefficient 0 of every dimension, then coefficient 1 of every dimension, …, so the
 *       low-frequency content of all dimensions comes first;
 *   <li>each integer c becomes the symbol {@code max(c − minCoefficient, 0)} (FAST maps it to {@code
 *       chr(…)}), and byte-pair encoding over those symbols, with merges learned on training chunks
 *       ({@link #train}), gives the token ids.
 * </ol>
 *
 * Decoding inverts the BPE, adds {@code minCoefficient}, divides by the scale and applies the inverse
 * DCT (DCT-III, orthonormal). The round trip error per coefficient is at most {@code 0.5 / scale}, so
 * by orthonormality a dimension's time series is off by at most {@code 0.5·√K / scale} in L2 (and
 * no value by more), unless a coefficient fell outside the training range and was clipped to its
 * nearest symbol (FAST clips below {@code minCoefficient} the same way).
 *
 * <p>Not one of the fixed-length {@link ActionTokenizer} schemes: the number of tokens per chunk
 * varies. Immutable and thread-safe.
 *
 * @see #train(List, int, int, double, int)
 */
public final class FastActionTokenizer {
  private final int horizon;
  private final int dims;
  private final double scale;
  private final int minCoefficient;
  private final int baseSymbols;
  /** merges.get(r) = the two ids merged into id baseSymbols + r, in rank order. */
  private final List<int[]> merges;
  private final Map<Long, Integer> rank = new HashMap<>();

  /**
   * @param horizon K, actions per chunk, ≥ 1
   * @param dims D, dimensions per action, ≥ 1
   * @param scale the quantization scale (FAST's default 10), finite, &gt; 0
   * @param minCoefficient the smallest rounded coefficient of the training data (symbol 0)
   * @param baseSymbols how many symbols the rounded coefficients use (ids 0..baseSymbols−1), ≥ 1
   * @param merges the BPE merges in rank order: merge r joins ids {@code [a, b]} into id {@code baseSymbols + r}
   * @throws IllegalArgumentException for bad sizes or a merge of an id not yet defined
   */
  public FastActionTokenizer(int horizon, int dims, double scale, int minCoefficient, int baseSymbols, List<int[]> merges) {
    if (horizon < 1 || dims < 1) throw new IllegalArgumentException("FAST chunk shape must be >= 1x1, got " + horizon + "x" + dims);
    if (!(scale > 0) || !Double.isFinite(scale)) throw new IllegalArgumentException("FAST scale must be finite and > 0, got " + scale);
    if (baseSymbols < 1) throw new IllegalArgumentException("FAST needs at least one base symbol, got " + baseSymbols);
    this.horizon = horizon;
    this.dims = dims;
    this.scale = scale;
    this.minCoefficient = minCoefficient;
    this.baseSymbols = baseSymbols;
    this.merges = List.copyOf(merges);
    for (int r = 0; r < this.merges.size(); r++) {
      int[] m = this.merges.get(r);
      if (m.length != 2 || m[0] < 0 || m[1] < 0 || m[0] >= baseSymbols + r || m[1] >= baseSymbols + r) {
        throw new IllegalArgumentException("FAST merge " + r + " joins an id not defined before it");
      }
      rank.put(key(m[0], m[1]), r);
    }
  }

  /** K. */
  public int horizon() {
    return horizon;
  }

  /** The vocabulary size: base symbols plus merges. */
  public int vocabSize() {
    return baseSymbols + merges.size();
  }

  /**
   * The rounded DCT coefficients of a chunk, flattened frequency-major (steps 1–3 above).
   *
   * @param chunk flat {@code [K·D]} normalized actions, time-major; finite
   * @return {@code [K·D]}: index {@code k·D + d} holds coefficient k of dimension d
   * @throws IllegalArgumentException on a wrong length or a non-finite value
   */
  public int[] coefficients(double[] chunk) {
    return quantize(chunk, horizon, dims, scale);
  }

  /** As {@link #coefficients(double[])} for any shape and scale. */
  public static int[] quantize(double[] chunk, int k, int d, double scale) {
    if (chunk.length != k * d) throw new IllegalArgumentException("FAST chunk must have " + k + "x" + d + " values, got " + chunk.length);
    int[] out = new int[k * d];
    double[] series = new double[k];
    for (int j = 0; j < d; j++) {
      for (int t = 0; t < k; t++) {
        double v = chunk[t * d + j];
        if (!Double.isFinite(v)) throw new IllegalArgumentException("FAST chunk value at step " + t + " dim " + j + " is " + v);
        series[t] = v;
      }
      double[] c = dct(series);
      for (int f = 0; f < k; f++) out[f * d + j] = (int) Math.rint(c[f] * scale);
    }
    return out;
  }

  /**
   * The chunk of flattened rounded coefficients (the inverse of steps 1–3).
   *
   * @param coefficients {@code [K·D]}, frequency-major
   * @return flat {@code [K·D]} normalized actions, time-major
   */
  public static double[] dequantize(int[] coefficients, int k, int d, double scale) {
    if (coefficients.length != k * d) throw new IllegalArgumentException("FAST needs " + k * d + " coefficients, got " + coefficients.length);
    double[] out = new double[k * d];
    double[] c = new double[k];
    for (int j = 0; j < d; j++) {
      for (int f = 0; f < k; f++) c[f] = coefficients[f * d + j] / scale;
      double[] x = idct(c);
      for (int t = 0; t < k; t++) out[t * d + j] = x[t];
    }
    return out;
  }

  /**
   * The token ids of a normalized chunk.
   *
   * @param chunk flat {@code [K·D]} normalized actions, time-major
   */
  public int[] encode(double[] chunk) {
    int[] c = coefficients(chunk);
    List<Integer> ids = new ArrayList<>(c.length);
    for (int x : c) ids.add(symbol(x));
    return applyMerges(ids);
  }

  /**
   * The chunk of token ids.
   *
   * @return flat {@code [K·D]} normalized actions, time-major
   * @throws IllegalArgumentException if an id is outside the vocabulary or the ids do not expand to K·D symbols
   */
  public double[] decode(int[] tokens) {
    List<Integer> symbols = new ArrayList<>();
    for (int id : tokens) expand(id, symbols);
    if (symbols.size() != horizon * dims) {
      throw new IllegalArgumentException("FAST tokens expand to " + symbols.size() + " coefficients, a " + horizon + "x" + dims + " chunk needs "
          + horizon * dims);
    }
    int[] c = new int[symbols.size()];
    for (int i = 0; i < c.length; i++) c[i] = symbols.get(i) + minCoefficient;
    return dequantize(c, horizon, dims, scale);
  }

  private int symbol(int coefficient) {
    return Math.min(Math.max(coefficient - minCoefficient, 0), baseSymbols - 1);
  }

  private void expand(int id, List<Integer> out) {
    if (id < 0 || id >= vocabSize()) throw new IllegalArgumentException("FAST token " + id + " is outside the vocabulary 0.." + (vocabSize() - 1));
    if (id < baseSymbols) {
      out.add(id);
      return;
    }
    int[] m = merges.get(id - baseSymbols);
    expand(m[0], out);
    expand(m[1], out);
  }

  /** The file names of a saved FAST tokenizer, as FAST's processor saves it: the BPE and the processor's settings. */
  public static final String TOKENIZER_JSON = "tokenizer.json", PROCESSOR_CONFIG_JSON = "processor_config.json";

  /**
   * The symbol string of a token id: base symbol s is the character {@code chr(s)} (FAST's {@code
   * chr(coefficient − min_token)}), a merged id the concatenation of its two parts.
   */
  public String symbolString(int id) {
    List<Integer> symbols = new ArrayList<>();
    expand(id, symbols);
    StringBuilder b = new StringBuilder(symbols.size());
    for (int s : symbols) b.appendCodePoint(s);
    return b.toString();
  }

  /**
   * The string a HuggingFace tokenizer encodes for this chunk: one character {@code chr(symbol)} per
   * rounded coefficient, frequency-major (steps 1–4 above, before the BPE).
   *
   * @param chunk flat {@code [K·D]} normalized actions, time-major
   */
  public String symbolString(double[] chunk) {
    StringBuilder b = new StringBuilder();
    for (int c : coefficients(chunk)) b.appendCodePoint(symbol(c));
    return b.toString();
  }

  /**
   * This tokenizer's BPE as a HuggingFace {@code tokenizer.json} (the {@code tokenizers} library's
   * format, read by Python's {@code tokenizers.Tokenizer.from_file}, by {@code PreTrainedTokenizerFast}
   * and by DJL's {@code HuggingFaceTokenizer}): model {@code BPE} with vocabulary {@code chr(s) → s} for
   * the base symbols and {@code part₁part₂ → baseSymbols + r} for merge r, the merges as string pairs in
   * rank order, and no normalizer, pre-tokenizer or post-processor, so the whole coefficient string is
   * one word and the library's BPE applies exactly these merges. FAST's own processor wraps a
   * byte-level BPE; a plain BPE over the same {@code chr(…)} alphabet is what keeps ids equal across
   * libraries without a byte mapping.
   *
   * @throws IllegalStateException if two merges spell the same string (HuggingFace's vocabulary is keyed by
   *     string, so such a tokenizer has no faithful tokenizer.json)
   */
  public String toHuggingFaceJson() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    root.putArray("added_tokens");
    root.putNull("normalizer");
    root.putNull("pre_tokenizer");
    root.putNull("post_processor");
    root.putNull("decoder");
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    model.put("ignore_merges", false);
    ObjectNode vocab = model.putObject("vocab");
    for (int id = 0; id < vocabSize(); id++) {
      String s = symbolString(id);
      if (vocab.has(s)) throw new IllegalStateException("FAST tokens " + vocab.get(s).asInt() + " and " + id + " spell the same symbols; no tokenizer.json can hold both");
      vocab.put(s, id);
    }
    ArrayNode ms = model.putArray("merges");
    for (int[] m : merges) ms.addArray().add(symbolString(m[0])).add(symbolString(m[1]));
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes {@code tokenizer.json} ({@link #toHuggingFaceJson}) and {@code processor_config.json} (FAST's
   * processor settings: {@code scale}, {@code vocab_size}, {@code min_token}, {@code time_horizon},
   * {@code action_dim}, and {@code base_symbols}) into a folder.
   *
   * @throws IOException if a file cannot be written
   */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(TOKENIZER_JSON), toHuggingFaceJson());
    ObjectMapper json = new ObjectMapper();
    ObjectNode cfg = json.createObjectNode();
    cfg.put("processor_class", "UniversalActionProcessor");
    cfg.put("scale", scale);
    cfg.put("vocab_size", vocabSize());
    cfg.put("min_token", minCoefficient);
    cfg.put("time_horizon", horizon);
    cfg.put("action_dim", dims);
    cfg.put("base_symbols", baseSymbols);
    Files.writeString(dir.resolve(PROCESSOR_CONFIG_JSON), json.writerWithDefaultPrettyPrinter().writeValueAsString(cfg));
  }

  /**
   * Reads a folder written by {@link #save}: the merges from {@code tokenizer.json}'s BPE model (string
   * pairs, or the older {@code "a b"} form when no symbol holds a space), the settings from {@code
   * processor_config.json}.
   *
   * @throws IOException if a file cannot be read
   * @throws IllegalArgumentException naming the file if it is not a FAST tokenizer of this form
   */
  public static FastActionTokenizer load(Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Path cfgFile = dir.resolve(PROCESSOR_CONFIG_JSON), tokFile = dir.resolve(TOKENIZER_JSON);
    JsonNode cfg = json.readTree(cfgFile.toFile());
    for (String key : List.of("scale", "min_token", "time_horizon", "action_dim", "base_symbols")) {
      if (!cfg.hasNonNull(key)) throw new IllegalArgumentException(cfgFile + ": missing '" + key + "'");
    }
    int base = cfg.get("base_symbols").asInt();
    JsonNode model = json.readTree(tokFile.toFile()).path("model");
    if (!"BPE".equals(model.path("type").asText())) throw new IllegalArgumentException(tokFile + ": model type is '" + model.path("type").asText() + "', FAST needs 'BPE'");
    JsonNode vocab = model.path("vocab");
    List<int[]> merges = new ArrayList<>();
    for (JsonNode m : model.path("merges")) {
      String a, b;
      if (m.isArray()) {
        a = m.get(0).asText();
        b = m.get(1).asText();
      } else {
        String[] parts = m.asText().split(" ", 2);
        if (parts.length != 2) throw new IllegalArgumentException(tokFile + ": merge '" + m.asText() + "' is not a pair");
        a = parts[0];
        b = parts[1];
      }
      JsonNode ia = vocab.get(a), ib = vocab.get(b), ic = vocab.get(a + b);
      if (ia == null || ib == null || ic == null) throw new IllegalArgumentException(tokFile + ": merge " + merges.size() + " names a symbol not in the vocabulary");
      if (ic.asInt() != base + merges.size()) {
        throw new IllegalArgumentException(tokFile + ": merge " + merges.size() + " gives id " + ic.asInt() + ", FAST's layout needs " + (base + merges.size()));
      }
      merges.add(new int[] {ia.asInt(), ib.asInt()});
    }
    return new FastActionTokenizer(cfg.get("time_horizon").asInt(), cfg.get("action_dim").asInt(), cfg.get("scale").asDouble(),
        cfg.get("min_token").asInt(), base, merges);
  }

  /** Standard BPE: repeatedly merge the adjacent pair of lowest rank, every occurrence left to right. */
  private int[] applyMerges(List<Integer> ids) {
    while (ids.size() > 1) {
      int best = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < ids.size(); i++) {
        Integer r = rank.get(key(ids.get(i), ids.get(i + 1)));
        if (r != null && r < best) best = r;
      }
      if (best == Integer.MAX_VALUE) break;
      int[] m = merges.get(best);
      List<Integer> next = new ArrayList<>(ids.size());
      for (int i = 0; i < ids.size(); i++) {
        if (i + 1 < ids.size() && ids.get(i) == m[0] && ids.get(i + 1) == m[1]) {
          next.add(baseSymbols + best);
          i++;
        } else {
          next.add(ids.get(i));
        }
      }
      ids = next;
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  private static long key(int a, int b) {
    return ((long) a << 32) | (b & 0xffffffffL);
  }

  /**
   * Learns the symbols and BPE merges from training chunks: {@code minCoefficient} and the base
   * symbols from the range of their rounded coefficients, then merges of the most frequent adjacent
   * pair (ties: the smallest pair of ids, for a deterministic result) until the vocabulary has {@code
   * vocabSize} ids or no pair occurs twice.
   *
   * @param chunks flat {@code [K·D]} normalized chunks, time-major, at least one
   * @throws IllegalArgumentException if there is no chunk or a chunk is malformed
   */
  public static FastActionTokenizer train(List<double[]> chunks, int k, int d, double scale, int vocabSize) {
    if (chunks.isEmpty()) throw new IllegalArgumentException("FAST training needs at least one chunk");
    List<int[]> coeffs = new ArrayList<>();
    int min = Integer.MAX_VALUE, max = Integer.MIN_VALUE;
    for (double[] c : chunks) {
      int[] q = quantize(c, k, d, scale);
      coeffs.add(q);
      for (int x : q) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
    }
    int base = max - min + 1;
    List<List<Integer>> seqs = new ArrayList<>();
    for (int[] q : coeffs) {
      List<Integer> s = new ArrayList<>(q.length);
      for (int x : q) s.add(x - min);
      seqs.add(s);
    }
    List<int[]> merges = new ArrayList<>();
    while (base + merges.size() < vocabSize) {
      Map<Long, Integer> counts = new HashMap<>();
      for (List<Integer> s : seqs) {
        for (int i = 0; i + 1 < s.size(); i++) counts.merge(key(s.get(i), s.get(i + 1)), 1, Integer::sum);
      }
      long bestKey = 0;
      int bestCount = 1;
      for (Map.Entry<Long, Integer> e : counts.entrySet()) {
        if (e.getValue() > bestCount || (e.getValue() == bestCount && bestCount > 1 && e.getKey() < bestKey)) {
          bestKey = e.getKey();
          bestCount = e.getValue();
        }
      }
      if (bestCount < 2) break;
      int a = (int) (bestKey >>> 32), b = (int) bestKey;
      int id = base + merges.size();
      merges.add(new int[] {a, b});
      for (int j = 0; j < seqs.size(); j++) {
        List<Integer> s = seqs.get(j);
        List<Integer> next = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
          if (i + 1 < s.size() && s.get(i) == a && s.get(i + 1) == b) {
            next.add(id);
            i++;
          } else {
            next.add(s.get(i));
          }
        }
        seqs.set(j, next);
      }
    }
    return new FastActionTokenizer(k, d, scale, min, base, merges);
  }

  /** Orthonormal DCT-II: {@code X_f = s_f Σ_t x_t cos(π (t + ½) f / N)}, s_0 = √(1/N), s_f = √(2/N) (scipy's {@code norm="ortho"}). */
  public static double[] dct(double[] x) {
    int n = x.length;
    double[] out = new double[n];
    for (int f = 0; f < n; f++) {
      double s = 0;
      for (int t = 0; t < n; t++) s += x[t] * Math.cos(Math.PI * (t + 0.5) * f / n);
      out[f] = s * (f == 0 ? Math.sqrt(1.0 / n) : Math.sqrt(2.0 / n));
    }
    return out;
  }

  /** The inverse of {@link #dct}: orthonormal DCT-III. */
  public static double[] idct(double[] c) {
    int n = c.length;
    double[] out = new double[n];
    for (int t = 0; t < n; t++) {
      double s = c[0] * Math.sqrt(1.0 / n);
      for (int f = 1; f < n; f++) s += c[f] * Math.sqrt(2.0 / n) * Math.cos(Math.PI * (t + 0.5) * f / n);
      out[t] = s;
    }
    return out;
  }
}
