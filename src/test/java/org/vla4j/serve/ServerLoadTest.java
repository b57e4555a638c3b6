package org.vla4j.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;
import org.vla4j.policy.Policy;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.steps.image.RgbImage;
import org.vla4j.policy.remote.ClientOptions;
import org.vla4j.policy.remote.OpenPiWebSocketPolicy;
import org.vla4j.policy.remote.OpenVlaRestPolicy;
import org.vla4j.policy.remote.VlaEvalWebSocketPolicy;

/**
 * 8 concurrent clients × 200 requests against each server (fake policy, loopback, bounded by a
 * timeout; clients rotate, the server rotates back): every reply is the answer to that client's own request (the image and the state index
 * travel through the action), no request fails, and the pool never holds more than its 8 instances.
 */
class ServerLoadTest {
  static final int CLIENTS = 8;
  static final int REQUESTS = 200;
  static final ClientOptions OPT = ClientOptions.DEFAULT.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20));

  static Policy client(Protocol p, int port) {
    return switch (p) {
      case OPENVLA_REST -> new OpenVlaRestPolicy(URI.create("http://127.0.0.1:" + port), null,
          new OpenVlaRestPolicy.Preprocessing(true, 0, 0, true, true), OPT);
      case OPENPI_WS -> new OpenPiWebSocketPolicy(URI.create("ws://127.0.0.1:" + port + "/"), 0, OPT);
      case VLA_EVAL_WS -> new VlaEvalWebSocketPolicy(URI.create("ws://127.0.0.1:" + port + "/"), 0, "raw", OPT);
    };
  }

  static RgbImage image(int client) {
    byte[] b = new byte[16 * 16 * 3];
    for (int i = 0; i < b.length; i++) b[i] = (byte) (client * 29 + i);
    return new RgbImage(16, 16, b);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  @Timeout(180)
  void eightClientsTimesTwoHundredRequestsAreAnsweredCorrectly(Protocol protocol) throws Exception {
    try (PolicyServer server = PolicyServer.start(protocol, FakePolicy.source(), ServerConfig.loopback(0, new ObservationAdapter(true, 0, null)))) {
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        done.add(pool.submit(() -> {
          int ok = 0;
          try (Policy p = client(protocol, server.port())) {
            RgbImage im = image(client);
            for (int i = 0; i < REQUESTS; i++) {
              double[] state = {0, 0, 0, 0, 0, 0, 0, i};
              PolicyInput in = new PolicyInput(im, image(client + 100), state, "task of client " + client);
              double[] a = p.act(in).action();
              if (java.util.Arrays.equals(a, FakePolicy.expected(in, "k_default"))) ok++;
            }
          }
          return ok;
        }));
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(150, TimeUnit.SECONDS)).isTrue();
      for (Future<Integer> f : done) assertThat(f.get()).isEqualTo(REQUESTS);
      assertThat(server.pool().liveInstances()).isLessThanOrEqualTo(8);
    }
  }
}
