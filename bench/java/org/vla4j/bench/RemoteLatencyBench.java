package org.vla4j.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.Policy;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.policy.steps.image.RgbImage;
import org.vla4j.policy.vla.OnnxVlaPolicy;
import org.vla4j.policy.remote.ClientOptions;
import org.vla4j.policy.remote.OpenPiWebSocketPolicy;
import org.vla4j.policy.remote.OpenVlaRestPolicy;
import org.vla4j.policy.remote.VlaEvalWebSocketPolicy;
import org.vla4j.serve.ObservationAdapter;
import org.vla4j.serve.PolicyServer;
import org.vla4j.serve.PolicySource;
import org.vla4j.serve.Protocol;
import org.vla4j.serve.ServerConfig;

/**
 * Round-trip latency and throughput of the three remote protocols on loopback (docs/BENCHMARKS.md,
 * "Remote policies"). Two policies behind the server: {@code echo} (answers a constant at once: the
 * cost of the protocol — encode, loopback, decode — alone) and the shipped {@code tiny-vla}.
 * Images are 128×128×3 as the env renders them, clients send them at that size (rotated 180°, the
 * server rotates back), so every remote answer equals the in-process one (checked).
 *
 * <p>Usage: {@code java -cp … org.vla4j.bench.RemoteLatencyBench [sequentialRequests]
 * [clients] [requestsPerClient]} (defaults 300, 8, 40).
 */
public final class RemoteLatencyBench {
  static final EnvSpec ENV = new EnvSpec(128, List.of("agentview", "robot0_eye_in_hand"), "OSC_POSE", 20, "3.14.0");
  static final ClientOptions OPT = ClientOptions.DEFAULT.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60));

  private RemoteLatencyBench() {}

  static Policy client(Protocol p, int port) {
    return switch (p) {
      case OPENVLA_REST -> new OpenVlaRestPolicy(URI.create("http://127.0.0.1:" + port), null,
          new OpenVlaRestPolicy.Preprocessing(true, 0, 0, true, false), OPT);
      case OPENPI_WS -> new OpenPiWebSocketPolicy(URI.create("ws://127.0.0.1:" + port + "/"), 0, OPT);
      case VLA_EVAL_WS -> new VlaEvalWebSocketPolicy(URI.create("ws://127.0.0.1:" + port + "/"), 0, "raw", OPT);
    };
  }

  static Policy echo() {
    return new Policy() {
      @Override
      public String name() {
        return "echo";
      }

      @Override
      public List<String> pipeline() {
        return List.of();
      }

      @Override
      public PolicyOutput act(PolicyInput in) {
        return new PolicyOutput(new double[] {0, 0, 0, 0, 0, 0, -1}, new int[0], 0);
      }

      @Override
      public void close() {}
    };
  }

  static String pct(double[] ms) {
    double[] s = ms.clone();
    Arrays.sort(s);
    return String.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms", s[s.length / 2], s[(int) (s.length * 0.9)],
        s[Math.min(s.length - 1, (int) (s.length * 0.99))], s[s.length - 1]);
  }

  public static void main(String[] args) throws Exception {
    int seq = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int perClient = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    java.util.Random rnd = new java.util.Random(7);
    byte[] a = new byte[128 * 128 * 3];
    byte[] w = new byte[128 * 128 * 3];
    rnd.nextBytes(a);
    rnd.nextBytes(w);
    PolicyInput in = new PolicyInput(new RgbImage(128, 128, a), new RgbImage(128, 128, w), null,
        "pick up the alphabet soup and place it in the basket");
    Path model = Path.of("models/tiny-vla");
    double[] expected;
    try (OnnxVlaPolicy local = OnnxVlaPolicy.load(model, ENV, OnnxVlaPolicy.Overrides.NONE, 1)) {
      for (int i = 0; i < 20; i++) local.act(in);
      double[] ms = new double[seq];
      for (int i = 0; i < seq; i++) {
        long t = System.nanoTime();
        local.act(in);
        ms[i] = (System.nanoTime() - t) / 1e6;
      }
      expected = local.act(in).action();
      System.out.println("in-process tiny-vla: " + pct(ms));
    }
    ObservationAdapter ad = new ObservationAdapter(true, 0, null);
    for (String which : List.of("echo", "tiny-vla")) {
      PolicySource src = which.equals("echo") ? PolicySource.of("echo", List.of("k"), 0, k -> echo()) : PolicySource.model(model, ENV, null);
      for (Protocol p : Protocol.values()) {
        try (PolicyServer server = PolicyServer.start(p, src, ServerConfig.loopback(0, ad).withPool(clients, Duration.ofSeconds(60)))) {
          try (Policy c = client(p, server.port())) {
            for (int i = 0; i < 20; i++) c.act(in);
            double[] ms = new double[seq];
            for (int i = 0; i < seq; i++) {
              long t = System.nanoTime();
              double[] r = c.act(in).action();
              ms[i] = (System.nanoTime() - t) / 1e6;
              if (which.equals("tiny-vla") && !Arrays.equals(r, expected)) throw new AssertionError(p + " answered another action");
            }
            System.out.println(which + " " + p.id() + " 1 client sequential: " + pct(ms));
          }
          ExecutorService pool = Executors.newFixedThreadPool(clients);
          List<Future<double[]>> fs = new ArrayList<>();
          long t0 = System.nanoTime();
          for (int k = 0; k < clients; k++) {
            fs.add(pool.submit(() -> {
              double[] ms = new double[perClient];
              try (Policy c = client(p, server.port())) {
                for (int i = 0; i < perClient; i++) {
                  long t = System.nanoTime();
                  c.act(in);
                  ms[i] = (System.nanoTime() - t) / 1e6;
                }
              }
              return ms;
            }));
          }
          double[] all = new double[clients * perClient];
          for (int k = 0; k < clients; k++) System.arraycopy(fs.get(k).get(), 0, all, k * perClient, perClient);
          double secs = (System.nanoTime() - t0) / 1e9;
          pool.shutdown();
          System.out.printf("%s %s %d clients x %d: %.1f requests/s, %s%n", which, p.id(), clients, perClient,
              clients * perClient / secs, pct(all));
        }
      }
    }
  }
}
