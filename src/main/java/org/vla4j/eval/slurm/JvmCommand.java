package org.vla4j.eval.slurm;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that starts vla4j the way this process was started: this JVM's {@code java}
 * binary, its options (native access, GC, {@code -Dvla4j.home}, heap) and its class path (the
 * vla4j jar when started by the {@code vla4j} launcher), all with absolute paths, then the main
 * class. The shard jobs run it instead of the launcher so that N array tasks never rebuild the jar
 * at the same time.
 */
public final class JvmCommand {
  private JvmCommand() {}

  /** The main class of the vla4j command line. */
  public static final String MAIN = "org.vla4j.cli.Main";

  /**
   * {@code [java, options…, -cp, CLASSPATH, org.vla4j.cli.Main]}; debugger and profiling agents
   * ({@code -agentlib}, {@code -javaagent}, …) are left out, since N copies of them would fight.
   */
  public static List<String> current() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-agent") || a.startsWith("-javaagent") || a.startsWith("-Xrun") || a.startsWith("-Xdebug")) continue;
      cmd.add(a);
    }
    List<String> cp = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!e.isEmpty()) cp.add(Path.of(e).toAbsolutePath().normalize().toString());
    }
    cmd.add("-cp");
    cmd.add(String.join(java.io.File.pathSeparator, cp));
    cmd.add(MAIN);
    return List.copyOf(cmd);
  }
}
