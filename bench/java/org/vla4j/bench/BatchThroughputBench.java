package org.vla4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.policy.steps.image.RgbImage;
import org.vla4j.policy.vla.OnnxVlaPolicy;

/**
 * Actions/s of the shipped VLA against the batch size ({@code eval --batch B}), side by side in
 * one process: one policy, 1 ONNX Runtime thread, all six boxes per action, batches of B perturbed
 * golden observations (seeded noise ±40 per byte, one instruction: a rollout's batch). Rounds
 * alternate the batch sizes so that the machine's drift spreads over all of them; the median round
 * is reported. Then, for each B, how many of {@code --check} observations get other action tokens
 * in a batch than alone (batched kernels rounding differently would show here).
 *
 * <p>Run: {@code java -cp target/classes:target/test-classes:$(deps) org.vla4j.bench.BatchThroughputBench
 * [--model models/tiny-vla] [--actions 160] [--rounds 5] [--check 160]} (docs/BENCHMARKS.md).
 */
public final class BatchThroughputBench {
  public static void main(String[] args) throws Exception {
    Path model = Path.of("models/tiny-vla");
    int actions = 160, rounds = 5, check = 160;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--model" -> model = Path.of(args[++i]);
        case "--actions" -> actions = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--check" -> check = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; valid: --model DIR, --actions N, --rounds R, --check N");
      }
    }
    int[] sizes = {1, 2, 4, 8, 16};
    JsonNode g = new ObjectMapper().readTree(model.resolve("golden.json").toFile());
    int h = g.get("image_height").asInt();
    byte[] agent = Base64.getDecoder().decode(g.get("agentview_b64").asText());
    byte[] wrist = Base64.getDecoder().decode(g.get("wrist_b64").asText());
    String instruction = g.get("instruction").asText();
    SplittableRandom rnd = new SplittableRandom(1);
    List<PolicyInput> pool = new ArrayList<>();
    for (int i = 0; i < Math.max(check, 16); i++) {
      pool.add(new PolicyInput(new RgbImage(h, h, noisy(agent, rnd)), new RgbImage(h, h, noisy(wrist, rnd)), null, instruction));
    }
    EnvSpec env = new EnvSpec(h, List.of("agentview", "robot0_eye_in_hand"), "OSC_POSE", 20, "3.14.0");
    try (OnnxVlaPolicy p = OnnxVlaPolicy.load(model, env, OnnxVlaPolicy.Overrides.NONE, 1)) {
      for (int b : sizes) for (int i = 0; i < 3; i++) p.actBatch(pool.subList(0, b)); // warm-up of every shape
      double[][] perS = new double[sizes.length][rounds];
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < sizes.length; k++) {
          int b = sizes[k];
          int calls = Math.max(1, actions / b);
          long t0 = System.nanoTime();
          for (int c = 0; c < calls; c++) {
            int from = (c * b) % (pool.size() - b + 1);
            p.actBatch(pool.subList(from, from + b));
          }
          perS[k][r] = calls * b / ((System.nanoTime() - t0) / 1e9);
        }
      }
      List<PolicyOutput> alone = new ArrayList<>();
      for (int i = 0; i < check; i++) alone.add(p.act(pool.get(i)));
      for (int k = 0; k < sizes.length; k++) {
        int b = sizes[k];
        int differ = 0, compared = 0;
        for (int from = 0; from + b <= check; from += b) {
          List<PolicyOutput> out = p.actBatch(pool.subList(from, from + b));
          for (int j = 0; j < b; j++, compared++) {
            if (!Arrays.equals(out.get(j).actionTokens(), alone.get(from + j).actionTokens())) differ++;
          }
        }
        double[] s = perS[k].clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "{\"bench\":\"batch\",\"batch\":%d,\"actions_per_s_median\":%.1f,\"actions_per_s_min\":%.1f,"
            + "\"actions_per_s_max\":%.1f,\"ms_per_action\":%.2f,\"compared\":%d,\"tokens_differ\":%d}%n", b, s[rounds / 2], s[0],
            s[rounds - 1], 1000 / s[rounds / 2], compared, differ);
      }
    }
  }

  private static byte[] noisy(byte[] src, SplittableRandom rnd) {
    byte[] b = src.clone();
    for (int i = 0; i < b.length; i++) b[i] = (byte) Math.clamp((b[i] & 0xFF) + rnd.nextInt(-40, 41), 0, 255);
    return b;
  }
}
