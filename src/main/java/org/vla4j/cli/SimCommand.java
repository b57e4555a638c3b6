package org.vla4j.cli;

import picocli.CommandLine.Command;

/** {@code vla4j sim}: inspect the simulator (MuJoCo version, renderer, scene) and render pictures. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = "Inspect the MuJoCo simulator and its offscreen renderer.",
    subcommands = {})
public final class SimCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
