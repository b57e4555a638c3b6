package org.vla4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code vla4j serve}: bad arguments are usage errors; a real server process answers and stops on SIGTERM. */
@Timeout(90)
class ServeCliTest {
  @Test
  void badArgumentsAreUsageErrorsNamingTheChoices() {
    CliRun.Result r = CliRun.run("serve", "--protocol", "grpc");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown protocol 'grpc'").contains("[openvla-rest, openpi-ws, vla-eval-ws]");
    CliRun.Result m = CliRun.run("serve", "--protocol", "openpi-ws", "--policy", "no/such/model");
    assertThat(m.code()).isEqualTo(2);
    assertThat(m.err()).contains("no/such/model").contains("tiny-vla");
    CliRun.Result k = CliRun.run("serve", "--protocol", "openpi-ws", "--policy", "models/tiny-vla", "--unnorm-key", "bridge_orig");
    assertThat(k.code()).isEqualTo(2);
    assertThat(k.err()).contains("bridge_orig").contains("vla4j_object_coarse");
  }

  @Test
  void runsForAWhileInProcess() {
    CliRun.Result r = CliRun.run("serve", "--protocol", "vla-eval-ws", "--policy", "models/tiny-vla", "--port", "0", "--run-seconds", "1");
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).contains("serving tiny-vla over vla-eval-ws on ws://127.0.0.1:").contains("server:rotate180");
    assertThat(r.err()).contains("server stopped");
  }

  @Test
  void aServerProcessAnswersHealthAndStopsGracefullyOnSigterm() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process p = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "-Dvla4j.home=" + Path.of("").toAbsolutePath(), "org.vla4j.cli.Main", "serve", "--protocol", "openpi-ws", "--port", "0"))
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder seen = new StringBuilder();
      int port = -1;
      Pattern pat = Pattern.compile("ws://127\\.0\\.0\\.1:(\\d+)");
      for (String line; port < 0 && (line = out.readLine()) != null; ) {
        seen.append(line).append('\n');
        Matcher m = pat.matcher(line);
        if (m.find()) port = Integer.parseInt(m.group(1));
      }
      assertThat(port).as(seen.toString()).isPositive();
      HttpResponse<String> h = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(h.body()).startsWith("OK");
      StringBuilder rest = new StringBuilder();
      Thread reader = Thread.ofVirtual().start(() -> {
        try {
          for (String line; (line = out.readLine()) != null; ) rest.append(line).append('\n');
        } catch (java.io.IOException ignored) {
          // the process is gone
        }
      });
      p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
      reader.join(5000);
      assertThat(rest.toString()).contains("server stopped");
    } finally {
      p.destroyForcibly();
    }
  }
}
