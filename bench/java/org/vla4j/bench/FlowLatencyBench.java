package org.vla4j.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.steps.Fault;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.vla.OnnxChunkPolicy;
import org.vla4j.policy.vla.OnnxFlowMatchingPolicy;
import org.vla4j.policy.vla.OnnxVlaPolicy;

/**
 * A flow-matching model's policy time against its number of Euler steps, beside the bin-token model and the
 * OFT-style chunk model in the same run (issue 17's speed/reactivity trade-off). Per query: vision + prefix once,
 * then one velocity pass per Euler step (openpi's sampling); per executed action under {@code open-loop:n}: the
 * query's time / n (an ensemble or {@code open-loop:1} queries every step: per action = per query). All boxes
 * (rotate, prompt, ONNX, unnormalize, gripper), each model on its own golden observation, 1 ONNX Runtime thread;
 * rounds alternate all models and the medians of the rounds' quantiles are printed (ms), one JSON line per model
 * and step count.
 *
 * <p>Run: {@code java -cp target/vla4j.jar:target/test-classes org.vla4j.bench.FlowLatencyBench --flow DIR
 * [--steps 1,2,5,10] [--execute 1,4,8,16] [--tokens models/tiny-vla] [--oft models/tiny-vla-oft] [--queries 200]
 * [--rounds 3]} (docs/BENCHMARKS.md).
 */
public final class FlowLatencyBench {
  public static void main(String[] args) throws Exception {
    Path tokens = Path.of("models/tiny-vla"), oft = Path.of("models/tiny-vla-oft"), flow = null;
    int[] steps = {1, 2, 5, 10}, execute = {1, 4, 8, 16};
    int n = 200, rounds = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--tokens" -> tokens = Path.of(args[++i]);
        case "--oft" -> oft = Path.of(args[++i]);
        case "--flow" -> flow = Path.of(args[++i]);
        case "--steps" -> steps = ints(args[++i]);
        case "--execute" -> execute = ints(args[++i]);
        case "--queries" -> n = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; valid: --flow DIR, --steps N,N,..., --execute N,N,..., --tokens DIR, --oft DIR, --queries N, --rounds R");
      }
    }
    if (flow == null) throw new IllegalArgumentException("--flow DIR (a flow-matching model folder) is required");
    EnvSpec env = new EnvSpec(128, List.of("agentview", "robot0_eye_in_hand"), "OSC_POSE", 20, "3.14.0");
    PolicyInput tokIn = ChunkLatencyBench.golden(tokens), oftIn = ChunkLatencyBench.golden(oft), flowIn = ChunkLatencyBench.golden(flow);
    OnnxFlowMatchingPolicy[] fm = new OnnxFlowMatchingPolicy[steps.length];
    double[][] tok = new double[rounds][], chunk = new double[rounds][];
    double[][][] flowMs = new double[steps.length][rounds][];
    try (OnnxVlaPolicy t = OnnxVlaPolicy.load(tokens, env, OnnxVlaPolicy.Overrides.NONE, 1);
         OnnxChunkPolicy c = OnnxChunkPolicy.load(oft, env, OnnxVlaPolicy.Overrides.NONE, 1)) {
      for (int s = 0; s < steps.length; s++) {
        fm[s] = OnnxFlowMatchingPolicy.load(flow, env, new OnnxFlowMatchingPolicy.Overrides(Fault.NONE, null, steps[s]), 1);
        fm[s].startEpisode(0);
      }
      for (int i = 0; i < 30; i++) {
        t.act(tokIn);
        c.actChunk(oftIn);
        for (OnnxFlowMatchingPolicy f : fm) f.actChunk(flowIn);
      }
      for (int r = 0; r < rounds; r++) {
        tok[r] = ChunkLatencyBench.time(n, () -> t.act(tokIn));
        chunk[r] = ChunkLatencyBench.time(n, () -> c.actChunk(oftIn));
        for (int s = 0; s < steps.length; s++) {
          OnnxFlowMatchingPolicy f = fm[s];
          flowMs[s][r] = ChunkLatencyBench.time(n, () -> f.actChunk(flowIn));
        }
      }
      print(tokens, "tokens", 0, tok, new int[] {1});
      print(oft, "oft", 0, chunk, new int[] {8});
      for (int s = 0; s < steps.length; s++) print(flow, "flow_matching", steps[s], flowMs[s], execute);
    } finally {
      for (OnnxFlowMatchingPolicy f : fm) if (f != null) f.close();
    }
  }

  private static void print(Path model, String kind, int steps, double[][] ms, int[] execute) {
    double p50 = ChunkLatencyBench.median(ms, 0.5), p99 = ChunkLatencyBench.median(ms, 0.99);
    StringBuilder per = new StringBuilder();
    for (int e : execute) per.append(per.isEmpty() ? "" : ",").append(String.format(Locale.ROOT, "\"%d\":%.2f", e, p50 / e));
    System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"kind\":\"%s\"%s,\"query_p50_ms\":%.2f,\"query_p99_ms\":%.2f,\"per_action_p50_ms_by_executed\":{%s}}%n",
        model.getFileName(), kind, steps > 0 ? ",\"euler_steps\":" + steps : "", p50, p99, per);
  }

  private static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
