package org.vla4j.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.steps.image.ResizeMethod;
import org.vla4j.serve.ObservationAdapter;
import org.vla4j.serve.PolicyServer;
import org.vla4j.serve.PolicySource;
import org.vla4j.serve.Protocol;
import org.vla4j.serve.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vla4j serve}: serves a vla4j model over the OpenVLA REST, openpi or vla-eval websocket
 * protocol so that those projects' own clients use it unchanged (docs/REMOTE.md). Binds loopback
 * unless {@code --host} says otherwise; stops gracefully on SIGTERM or Ctrl-C.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve a policy over the OpenVLA REST, openpi or vla-eval websocket protocol (loopback by default).")
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--protocol", required = true, description = "openvla-rest, openpi-ws or vla-eval-ws")
  String protocol;

  @Option(names = "--policy", defaultValue = "tiny-vla", description = "tiny-vla or a model folder holding config.json (default ${DEFAULT-VALUE})")
  String policy;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default ${DEFAULT-VALUE}, loopback only)")
  String host;

  @Option(names = "--port", defaultValue = "8000", description = "TCP port (default ${DEFAULT-VALUE}; 0: any free port)")
  int port;

  @Option(names = "--unnorm-key", description = "default unnorm_key (default: the model's own)")
  String unnormKey;

  @Option(names = "--pool-size", defaultValue = "8", description = "policy instances in use at once (default ${DEFAULT-VALUE})")
  int poolSize;

  @Option(names = "--max-message-mb", defaultValue = "16", description = "largest request or websocket message, MiB (default ${DEFAULT-VALUE})")
  int maxMessageMb;

  @Option(names = "--client-rotated", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "clients send upright images (rotated 180° from the env's renders, as the reference LIBERO clients do):"
          + " rotate them back before the policy (default ${DEFAULT-VALUE})")
  boolean clientRotated;

  @Option(names = "--image-size", description = "resize received images to N×N when they differ (default: the model's image size; 0: never)")
  Integer imageSize;

  @Option(names = "--idle-timeout-s", defaultValue = "600", description = "close websocket connections idle this long, s (default ${DEFAULT-VALUE})")
  int idleTimeoutS;

  @Option(names = "--run-seconds", defaultValue = "0", description = "stop after this many seconds (default 0: run until SIGTERM)")
  int runSeconds;

  @Override
  public Integer call() throws InterruptedException {
    Protocol p = Protocol.byId(protocol);
    if (!DefaultRunners.isModelFolder(policy)) {
      throw new IllegalArgumentException("--policy '" + policy + "' is not a model: give " + String.join(" or ", DefaultRunners.SHIPPED_MODELS)
          + ", or a model folder holding config.json");
    }
    Path dir = DefaultRunners.modelDir(policy);
    EnvSpec env = org.vla4j.rollout.PolicyAgent.envSpec(org.vla4j.sim.env.EnvConfig.DEFAULT);
    PolicySource source = PolicySource.model(dir, env, unnormKey);
    int size = imageSize != null ? imageSize : source.imageSize();
    ServerConfig cfg = new ServerConfig(host, port, (long) maxMessageMb << 20, poolSize, Duration.ofSeconds(10),
        Duration.ofSeconds(idleTimeoutS), new ObservationAdapter(clientRotated, size, ResizeMethod.PIL_BILINEAR), unnormKey);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!isLoopback(host)) {
      err.println("vla4j: warning: serving on " + host + ", not loopback: anyone who can reach this port can run the policy"
          + " (there is no authentication)");
    }
    PolicyServer server = PolicyServer.start(p, source, cfg);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      server.close();
      err.println("vla4j: server stopped");
      err.flush();
      stopped.countDown();
    }, "vla4j-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    String scheme = p == Protocol.OPENVLA_REST ? "http" : "ws";
    out.println("vla4j: serving " + source.name() + " over " + p.id() + " on " + scheme + "://" + host + ":" + server.port()
        + (p == Protocol.OPENVLA_REST ? "/act" : "") + " (pool " + poolSize + ", max message " + maxMessageMb + " MiB, images: "
        + String.join(", ", cfg.adapter().steps().isEmpty() ? java.util.List.of("as received") : cfg.adapter().steps())
        + "); GET /healthz; stop with SIGTERM or Ctrl-C");
    out.flush();
    if (runSeconds > 0) {
      if (!stopped.await(runSeconds, TimeUnit.SECONDS)) {
        Runtime.getRuntime().removeShutdownHook(hook);
        hook.run();
      }
    } else {
      stopped.await();
    }
    return 0;
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--host '" + host + "' does not resolve: " + e.getMessage());
    }
  }
}
