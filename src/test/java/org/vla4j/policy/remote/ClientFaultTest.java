package org.vla4j.policy.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vla4j.policy.Policy;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.steps.image.RgbImage;

/**
 * The clients against loopback servers that misbehave — stall, close mid-reply, answer garbage, or
 * are not there: each call ends in a clear exception (naming the address and what happened) within
 * its timeout, never a hang.
 */
@Timeout(60)
class ClientFaultTest {
  static final Duration READ = Duration.ofMillis(700);
  static final ClientOptions OPT = ClientOptions.DEFAULT.withTimeouts(Duration.ofMillis(700), READ).withRetries(2, Duration.ofMillis(100));
  static final PolicyInput IN = new PolicyInput(RgbImage.blank(8, 8), RgbImage.blank(8, 8), null, "pick");

  /** A one-behaviour TCP server on loopback; each accepted connection runs {@code behaviour}. */
  static final class RawServer implements AutoCloseable {
    final ServerSocket ss;
    final List<Socket> sockets = new ArrayList<>();
    final AtomicInteger accepted = new AtomicInteger();
    final Thread thread;

    RawServer(Consumer<Socket> behaviour) throws IOException {
      ss = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
      thread = Thread.ofVirtual().start(() -> {
        while (!ss.isClosed()) {
          try {
            Socket s = ss.accept();
            accepted.incrementAndGet();
            synchronized (sockets) {
              sockets.add(s);
            }
            Thread.ofVirtual().start(() -> behaviour.accept(s));
          } catch (IOException e) {
            return;
          }
        }
      });
    }

    int port() {
      return ss.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      ss.close();
      synchronized (sockets) {
        for (Socket s : sockets) s.close();
      }
    }
  }

  final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) c.close();
  }

  RawServer raw(Consumer<Socket> b) throws IOException {
    RawServer r = new RawServer(b);
    open.add(r);
    return r;
  }

  static String readHead(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      sb.append((char) c);
      if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) break;
    }
    return sb.toString();
  }

  static void write(Socket s, byte[] b) {
    try {
      OutputStream o = s.getOutputStream();
      o.write(b);
      o.flush();
    } catch (IOException ignored) {
      // the client may have gone
    }
  }

  static void quietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  static void sleepForever() {
    try {
      Thread.sleep(30_000);
    } catch (InterruptedException ignored) {
      // test ends
    }
  }

  static final Consumer<Socket> STALL = s -> {
    try {
      readHead(s.getInputStream());
    } catch (IOException ignored) {
      // fine
    }
    sleepForever();
  };

  static final Consumer<Socket> HTTP_CLOSE_MID_REPLY = s -> {
    try {
      readHead(s.getInputStream());
    } catch (IOException ignored) {
      // fine
    }
    write(s, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"__numpy__\": \"AAAA".getBytes(StandardCharsets.US_ASCII));
    quietly(s);
  };

  static final Consumer<Socket> GARBAGE = s -> {
    write(s, "SSH-2.0-OpenSSH_9.6 definitely not http\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    quietly(s);
  };

  static Consumer<Socket> http200(String body) {
    return s -> {
      try {
        readHead(s.getInputStream());
      } catch (IOException ignored) {
        // fine
      }
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      write(s, ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      write(s, b);
      quietly(s);
    };
  }

  /** Completes a websocket handshake, then sends {@code after} (raw frame bytes) and either closes or stalls. */
  static Consumer<Socket> websocket(byte[] after, boolean thenClose) {
    return s -> {
      try {
        String head = readHead(s.getInputStream());
        String key = head.lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-key:")).findFirst().orElseThrow()
            .substring(18).trim();
        String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
            .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        write(s, ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        write(s, after);
        if (thenClose) quietly(s);
        else sleepForever();
      } catch (Exception e) {
        quietly(s);
      }
    };
  }

  /** An unmasked binary frame (server → client) holding {@code payload}. */
  static byte[] binaryFrame(byte[] payload) {
    byte[] f = new byte[2 + payload.length];
    f[0] = (byte) 0x82;
    f[1] = (byte) payload.length; // < 126 in these tests
    System.arraycopy(payload, 0, f, 2, payload.length);
    return f;
  }

  static void assertFailsWithin(Policy p, long maxMillis, String... messageParts) {
    long t0 = System.nanoTime();
    var a = assertThatThrownBy(() -> p.act(IN)).isInstanceOf(RemotePolicyException.class);
    for (String m : messageParts) a.hasMessageContaining(m);
    assertThat((System.nanoTime() - t0) / 1e6).as("failed within the timeout").isLessThan(maxMillis);
  }

  OpenVlaRestPolicy rest(int port) {
    OpenVlaRestPolicy p = new OpenVlaRestPolicy(URI.create("http://127.0.0.1:" + port), null,
        new OpenVlaRestPolicy.Preprocessing(false, 0, 0, false, false), OPT);
    open.add(p);
    return p;
  }

  OpenPiWebSocketPolicy openpi(int port) {
    OpenPiWebSocketPolicy p = new OpenPiWebSocketPolicy(URI.create("ws://127.0.0.1:" + port + "/"), 0, OPT);
    open.add(p);
    return p;
  }

  VlaEvalWebSocketPolicy vlaEval(int port) {
    VlaEvalWebSocketPolicy p = new VlaEvalWebSocketPolicy(URI.create("ws://127.0.0.1:" + port + "/"), 0, "raw", OPT);
    open.add(p);
    return p;
  }

  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void restClientFailsClearlyOnEveryFault() throws Exception {
    assertFailsWithin(rest(raw(STALL).port()), 3000, "read timeout of 700 ms");
    assertFailsWithin(rest(raw(HTTP_CLOSE_MID_REPLY).port()), 3000, "127.0.0.1");
    assertFailsWithin(rest(raw(GARBAGE).port()), 3000, "127.0.0.1");
    assertFailsWithin(rest(raw(http200("<html>hello</html>")).port()), 3000, "not an OpenVLA action", "<html>");
    assertFailsWithin(rest(raw(http200("\"error\"")).port()), 3000, "answered \"error\"");
    assertFailsWithin(rest(raw(http200("{\"__numpy__\": \"AAAAAAAAAAA=\", \"dtype\": \"<f8\", \"shape\": [1]}")).port()), 3000,
        "instead of a 7-D action");
    // unreachable: bounded attempts with backoff, then a message that says so
    assertFailsWithin(rest(closedPort()), 3000, "after 2 attempt(s)", "is the server running");
  }

  @Test
  void openpiClientFailsClearlyOnEveryFault() throws Exception {
    assertFailsWithin(openpi(raw(STALL).port()), 3000, "cannot connect");
    assertFailsWithin(openpi(raw(GARBAGE).port()), 3000, "cannot connect");
    // handshake then silence: no metadata within the read timeout
    assertFailsWithin(openpi(raw(websocket(new byte[0], false)).port()), 3000, "read timeout of 700 ms");
    // metadata frame cut off: the frame header announces 100 bytes, 3 arrive, then the socket closes
    byte[] cut = {(byte) 0x82, 100, 1, 2, 3};
    // (the JDK reports the cut either as a broken connection or, when it misses the EOF, as a read timeout)
    assertFailsWithin(openpi(raw(websocket(cut, true)).port()), 3000, "ws://127.0.0.1");
    // garbage metadata
    assertFailsWithin(openpi(raw(websocket(binaryFrame("garbage".getBytes(StandardCharsets.US_ASCII)), false)).port()), 3000,
        "metadata frame is not msgpack");
    assertFailsWithin(openpi(closedPort()), 3000, "after 2 attempt(s)");
  }

  @Test
  void vlaEvalClientFailsClearlyOnEveryFault() throws Exception {
    assertFailsWithin(vlaEval(raw(websocket(new byte[0], false)).port()), 3000, "read timeout of 700 ms");
    assertFailsWithin(vlaEval(raw(websocket(new byte[] {(byte) 0x82, 100, 1}, true)).port()), 3000, "ws://127.0.0.1");
    assertFailsWithin(vlaEval(raw(websocket(binaryFrame(new byte[] {(byte) 0xc1}), false)).port()), 3000, "not a vla-eval message");
    assertFailsWithin(vlaEval(raw(GARBAGE).port()), 3000, "cannot connect");
  }

  @Test
  void aStalledPolicyBehindARealServerTimesOutAndTheClientRecovers() throws Exception {
    // a policy that stalls on one instruction: the openpi client times out, then reconnects and works
    var source = org.vla4j.serve.PolicySource.of("slow", List.of("k"), 0, k -> new Policy() {
      @Override
      public String name() {
        return "slow";
      }

      @Override
      public List<String> pipeline() {
        return List.of();
      }

      @Override
      public org.vla4j.policy.PolicyOutput act(PolicyInput in) {
        if (in.instruction().equals("stall")) {
          try {
            Thread.sleep(2000);
          } catch (InterruptedException ignored) {
            // stop
          }
        }
        return new org.vla4j.policy.PolicyOutput(new double[] {1, 2, 3, 4, 5, 6, 7}, new int[0], 0);
      }

      @Override
      public void close() {}
    });
    try (var server = org.vla4j.serve.PolicyServer.start(org.vla4j.serve.Protocol.OPENPI_WS, source,
        org.vla4j.serve.ServerConfig.loopback(0, org.vla4j.serve.ObservationAdapter.NONE))) {
      OpenPiWebSocketPolicy c = openpi(server.port());
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> c.act(new PolicyInput(IN.agentview(), null, null, "stall"))).isInstanceOf(RemotePolicyException.class)
          .hasMessageContaining("read timeout of 700 ms");
      assertThat((System.nanoTime() - t0) / 1e6).isLessThan(1500);
      assertThat(c.act(IN).action()).containsExactly(1, 2, 3, 4, 5, 6, 7);
    }
  }
}
