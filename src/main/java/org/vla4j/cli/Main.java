package org.vla4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code vla4j} command line. Each subcommand is one thin class in this package
 * that parses arguments and hands over to the box that does the work.
 *
 * <p>Exit codes: 0 success, 1 runtime failure, 2 bad input (picocli's usage error code).
 */
@Command(
    name = "vla4j",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Run vision-language-action robot policies in closed loop, honestly and reproducibly.",
    subcommands = {
      SimCommand.class,
      ActionsCommand.class,
      StatsCommand.class,
      EvalCommand.class,
      DemoCommand.class,
      SweepCommand.class,
      CompareCommand.class,
      DiagnoseCommand.class,
      MonitorScoreCommand.class,
      DrillsCommand.class,
      ReplayCommand.class,
      ReportCommand.class,
      CollectCommand.class,
      ServeCommand.class,
      DatasetCommand.class,
      MergeCommand.class,
      SlurmCommand.class,
      PlanCommand.class,
      PreflightCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Builds the command line with vla4j's shared error handling; used by {@link #main} and tests. */
  public static CommandLine commandLine() {
    return commandLine(CommandLine.defaultFactory());
  }

  /** As {@link #commandLine()}, with subcommands created by {@code factory} (tests inject fakes this way). */
  public static CommandLine commandLine(CommandLine.IFactory factory) {
    CommandLine cl = new CommandLine(new Main(), factory);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          // Lower boxes signal bad input with IllegalArgumentException whose message names the
          // bad value and lists the valid choices; the CLI shows it and exits 2 (a usage error).
          if (ex instanceof IllegalArgumentException) {
            commandLine.getErr().println("vla4j: " + ex.getMessage());
            return 2;
          }
          // the environment failed (a file or folder that cannot be read or written, a full disk, no
          // OpenGL): one line naming what failed, exit 1; anything else is a bug and keeps its trace
          if (ex instanceof java.io.UncheckedIOException || ex instanceof java.io.IOException
              || org.vla4j.sim.SimInfo.isSimulatorFailure(ex)) {
            commandLine.getErr().println("vla4j: " + ex.getMessage());
            return 1;
          }
          throw ex;
        });
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
