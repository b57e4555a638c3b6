package org.vla4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.steps.image.RgbImage;
import org.vla4j.policy.vla.OnnxVlaPolicy;

/**
 * Latency of the shipped VLA, all six boxes (rotate, prompt + tokenizer, ONNX vision + KV-cached
 * trunk with greedy decoding of 7 tokens, detokenize, unnormalize, gripper) on the golden
 * observation: p50/p99 ms per action with one policy (1 ONNX Runtime thread, then 2), and
 * actions/s with W policies in parallel threads (one per rollout worker, 1 thread each).
 *
 * <p>Run: {@code java -cp target/classes:target/test-classes:$(deps) org.vla4j.bench.PolicyLatencyBench
 * [--model models/tiny-vla] [--actions 300]} (see docs/BENCHMARKS.md).
 */
public final class PolicyLatencyBench {
  public static void main(String[] args) throws Exception {
    Path model = Path.of("models/tiny-vla");
    int n = 300;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--model" -> model = Path.of(args[++i]);
        case "--actions" -> n = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; valid: --model DIR, --actions N");
      }
    }
    JsonNode g = new ObjectMapper().readTree(model.resolve("golden.json").toFile());
    int h = g.get("image_height").asInt();
    RgbImage agent = new RgbImage(h, h, Base64.getDecoder().decode(g.get("agentview_b64").asText()));
    RgbImage wrist = new RgbImage(h, h, Base64.getDecoder().decode(g.get("wrist_b64").asText()));
    PolicyInput in = new PolicyInput(agent, wrist, null, g.get("instruction").asText());
    EnvSpec env = new EnvSpec(h, List.of("agentview", "robot0_eye_in_hand"), "OSC_POSE", 20, "3.14.0");
    for (int threads : new int[] {1, 2}) {
      try (OnnxVlaPolicy p = OnnxVlaPolicy.load(model, env, OnnxVlaPolicy.Overrides.NONE, threads)) {
        for (int i = 0; i < 50; i++) p.act(in); // warm-up
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
          long t0 = System.nanoTime();
          p.act(in);
          ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "{\"bench\":\"latency\",\"ort_threads\":%d,\"actions\":%d,\"p50_ms\":%.2f,\"p90_ms\":%.2f,\"p99_ms\":%.2f}%n",
            threads, n, ms[n / 2], ms[(int) (n * 0.9)], ms[(int) (n * 0.99)]);
      }
    }
    for (int workers : new int[] {1, 2, 4}) {
      List<OnnxVlaPolicy> ps = new ArrayList<>();
      for (int w = 0; w < workers; w++) ps.add(OnnxVlaPolicy.load(model, env, OnnxVlaPolicy.Overrides.NONE, 1));
      for (OnnxVlaPolicy p : ps) for (int i = 0; i < 20; i++) p.act(in);
      AtomicLong done = new AtomicLong();
      int per = n;
      long t0 = System.nanoTime();
      List<Thread> ts = new ArrayList<>();
      for (OnnxVlaPolicy p : ps) {
        ts.add(Thread.ofPlatform().start(() -> {
          for (int i = 0; i < per; i++) {
            p.act(in);
            done.incrementAndGet();
          }
        }));
      }
      for (Thread t : ts) t.join();
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "{\"bench\":\"throughput\",\"parallel_policies\":%d,\"actions\":%d,\"actions_per_s\":%.1f}%n",
          workers, done.get(), done.get() / s);
      for (OnnxVlaPolicy p : ps) p.close();
    }
  }
}
