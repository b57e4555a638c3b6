package org.vla4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vla4j.data.LeRobotReader;
import org.vla4j.policy.steps.normalize.ActionNormalizer;
import org.vla4j.policy.steps.normalize.StatisticsComputer;
import org.vla4j.policy.steps.normalize.Trajectory;
import org.vla4j.policy.steps.tokenize.FastActionTokenizer;
import org.vla4j.policy.steps.tokenize.OpenVlaActionTokenizer;

/**
 * FAST (arXiv:2501.09747) on our expert demonstrations: for chunk lengths K = 4, 8, 16 and scales
 * 5, 10, 20, trains the BPE (vocabulary 1024) on the chunks of the first 80 % of the episodes
 * (windows every K/2 steps) and measures, on the non-overlapping chunks of the other 20 %, the mean
 * and max tokens per chunk and the reconstruction error in normalized units (RMSE and max |error|),
 * against OpenVLA's 256 bins (7·K tokens, arXiv:2406.09246). Actions are normalized as FAST does:
 * BOUNDS_Q99 with the dataset's q01/q99 (gripper unnormalized, already ±1).
 *
 * <p>Run: {@code java -cp target/classes:target/test-classes:$(deps) org.vla4j.bench.FastTokenizerBench
 * DATASET} with DATASET a LeRobot dataset from {@code vla4j collect} (docs/RESULTS.md).
 */
public final class FastTokenizerBench {
  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      throw new IllegalArgumentException("usage: FastTokenizerBench DATASET [SAVE_DIR] (a vla4j collect folder; SAVE_DIR receives the K=8, scale 10 tokenizer)");
    }
    List<Trajectory> eps = LeRobotReader.trajectories(Path.of(args[0]));
    int split = (int) Math.round(eps.size() * 0.8);
    List<double[]> rows = new ArrayList<>();
    for (Trajectory t : eps.subList(0, split)) rows.addAll(List.of(t.actions()));
    boolean[] mask = {true, true, true, true, true, true, false};
    ActionNormalizer norm = new ActionNormalizer(StatisticsComputer.of("action", rows.toArray(double[][]::new), mask));
    List<double[][]> normed = new ArrayList<>();
    for (Trajectory t : eps) {
      double[][] n = new double[t.actions().length][7];
      for (int i = 0; i < n.length; i++) norm.normalize(t.actions()[i], n[i]);
      normed.add(n);
    }
    System.out.printf(Locale.ROOT, "dataset %s: %d episodes (%d train, %d test), %d train steps%n%n", args[0], eps.size(), split,
        eps.size() - split, rows.size());
    System.out.println("| K | scale | vocab | FAST tokens/chunk mean (max) | FAST RMSE | FAST max err | bins tokens | bins RMSE | bins max err |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    OpenVlaActionTokenizer bins = OpenVlaActionTokenizer.openVla();
    for (int k : new int[] {4, 8, 16}) {
      List<double[]> train = chunks(normed.subList(0, split), k, Math.max(1, k / 2));
      List<double[]> test = chunks(normed.subList(split, normed.size()), k, k);
      for (double scale : new double[] {5, 10, 20}) {
        FastActionTokenizer fast = FastActionTokenizer.train(train, k, 7, scale, 1024);
        if (args.length == 2 && k == 8 && scale == 10) save(fast, test, Path.of(args[1]));
        long tokens = 0;
        int maxTokens = 0;
        double se = 0, maxErr = 0, seBins = 0, maxBins = 0;
        int[] ids = new int[7 * k];
        double[] back = new double[7 * k];
        for (double[] c : test) {
          int[] t = fast.encode(c);
          tokens += t.length;
          maxTokens = Math.max(maxTokens, t.length);
          double[] r = fast.decode(t);
          bins.encode(c, ids);
          bins.decode(ids, back);
          for (int i = 0; i < c.length; i++) {
            se += (r[i] - c[i]) * (r[i] - c[i]);
            maxErr = Math.max(maxErr, Math.abs(r[i] - c[i]));
            seBins += (back[i] - c[i]) * (back[i] - c[i]);
            maxBins = Math.max(maxBins, Math.abs(back[i] - c[i]));
          }
        }
        double n = test.size() * 7.0 * k;
        System.out.printf(Locale.ROOT, "| %d | %.0f | %d | %.1f (%d) | %.4f | %.4f | %d | %.4f | %.4f |%n", k, scale, fast.vocabSize(),
            tokens / (double) test.size(), maxTokens, Math.sqrt(se / n), maxErr, 7 * k, Math.sqrt(seBins / n), maxBins);
      }
    }
  }

  /**
   * The tokenizer as FAST saves it (tokenizer.json, processor_config.json) and {@code held_out.jsonl}: per
   * test chunk its coefficient string and vla4j's ids, for bench/python/fast_hf_check.py to encode with
   * Python's HuggingFace tokenizers.
   */
  static void save(FastActionTokenizer fast, List<double[]> test, Path dir) throws java.io.IOException {
    fast.save(dir);
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    StringBuilder lines = new StringBuilder();
    for (double[] c : test) {
      var row = json.createObjectNode();
      row.put("symbols", fast.symbolString(c));
      var ids = row.putArray("ids");
      for (int id : fast.encode(c)) ids.add(id);
      lines.append(json.writeValueAsString(row)).append('\n');
    }
    java.nio.file.Files.writeString(dir.resolve("held_out.jsonl"), lines);
  }

  /** Flat time-major chunks [K·7] starting every {@code stride} steps of each episode. */
  static List<double[]> chunks(List<double[][]> episodes, int k, int stride) {
    List<double[]> out = new ArrayList<>();
    for (double[][] e : episodes) {
      for (int s = 0; s + k <= e.length; s += stride) {
        double[] c = new double[7 * k];
        for (int t = 0; t < k; t++) System.arraycopy(e[s + t], 0, c, 7 * t, 7);
        out.add(c);
      }
    }
    return out;
  }
}
