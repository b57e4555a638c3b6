package org.vla4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.steps.image.RgbImage;
import org.vla4j.policy.vla.OnnxChunkPolicy;
import org.vla4j.policy.vla.OnnxVlaPolicy;

/**
 * Policy time per query and per executed action, side by side in one run: a bin-token model (one action per
 * query: 7 greedy tokens) and a chunked model (one query answers a chunk of K actions; open loop over n of them
 * costs query/n per executed action). Each on its own golden observation, all boxes (rotate, prompt, ONNX, head,
 * unnormalize, gripper), 1 ONNX Runtime thread; rounds alternate the two models and the medians of the rounds
 * are printed, with the ratio token / chunk per executed action.
 *
 * <p>Run: {@code java -cp target/classes:target/test-classes:$(deps) org.vla4j.bench.ChunkLatencyBench
 * [--tokens models/tiny-vla] --chunk DIR [--execute 8] [--queries 200] [--rounds 3]} (docs/BENCHMARKS.md).
 */
public final class ChunkLatencyBench {
  public static void main(String[] args) throws Exception {
    Path tokens = Path.of("models/tiny-vla"), chunk = null;
    int execute = 8, n = 200, rounds = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--tokens" -> tokens = Path.of(args[++i]);
        case "--chunk" -> chunk = Path.of(args[++i]);
        case "--execute" -> execute = Integer.parseInt(args[++i]);
        case "--queries" -> n = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; valid: --tokens DIR, --chunk DIR, --execute N, --queries N, --rounds R");
      }
    }
    if (chunk == null) throw new IllegalArgumentException("--chunk DIR (a chunked model folder) is required");
    EnvSpec env = new EnvSpec(128, List.of("agentview", "robot0_eye_in_hand"), "OSC_POSE", 20, "3.14.0");
    PolicyInput tokIn = golden(tokens), chunkIn = golden(chunk);
    double[][] tok = new double[rounds][], chk = new double[rounds][];
    try (OnnxVlaPolicy t = OnnxVlaPolicy.load(tokens, env, OnnxVlaPolicy.Overrides.NONE, 1);
         OnnxChunkPolicy c = OnnxChunkPolicy.load(chunk, env, OnnxVlaPolicy.Overrides.NONE, 1)) {
      for (int i = 0; i < 30; i++) { t.act(tokIn); c.actChunk(chunkIn); } // warm-up
      for (int r = 0; r < rounds; r++) {
        tok[r] = time(n, () -> t.act(tokIn));
        chk[r] = time(n, () -> c.actChunk(chunkIn));
      }
      int k = c.actChunk(chunkIn).actions().length;
      double tp50 = median(tok, 0.5), tp99 = median(tok, 0.99), cp50 = median(chk, 0.5), cp99 = median(chk, 0.99);
      System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"kind\":\"tokens\",\"query_p50_ms\":%.2f,\"query_p99_ms\":%.2f,\"per_action_p50_ms\":%.2f}%n",
          tokens.getFileName(), tp50, tp99, tp50);
      System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"kind\":\"chunk\",\"chunk\":%d,\"executed_per_query\":%d,\"query_p50_ms\":%.2f,\"query_p99_ms\":%.2f,"
          + "\"per_action_p50_ms\":%.2f,\"per_action_p99_ms\":%.2f}%n", chunk.getFileName(), k, execute, cp50, cp99, cp50 / execute, cp99 / execute);
      System.out.printf(Locale.ROOT, "{\"ratio_tokens_over_chunk_per_action_p50\":%.1f}%n", tp50 / (cp50 / execute));
    }
  }

  static PolicyInput golden(Path model) throws Exception {
    JsonNode g = new ObjectMapper().readTree(model.resolve("golden.json").toFile());
    int h = g.get("image_height").asInt();
    RgbImage agent = new RgbImage(h, h, Base64.getDecoder().decode(g.get("agentview_b64").asText()));
    RgbImage wrist = new RgbImage(h, h, Base64.getDecoder().decode(g.get("wrist_b64").asText()));
    return new PolicyInput(agent, wrist, null, g.get("instruction").asText());
  }

  static double[] time(int n, Runnable query) {
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      query.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }

  /** The median over rounds of each round's q-quantile. */
  static double median(double[][] rounds, double q) {
    double[] v = Arrays.stream(rounds).mapToDouble(ms -> ms[Math.min(ms.length - 1, (int) Math.ceil(q * ms.length) - 1)]).sorted().toArray();
    return v[v.length / 2];
  }
}
