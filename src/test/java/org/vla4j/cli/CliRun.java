package org.vla4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the vla4j command line in-process for tests, capturing what it prints. */
public final class CliRun {
  /** Exit code and everything written to stdout and stderr. */
  public record Result(int code, String out, String err) {}

  private CliRun() {}

  /** Runs {@code args} on the default command line ({@link Main#commandLine()}). */
  public static Result run(String... args) {
    return run(Main.commandLine(), args);
  }

  /** Runs {@code args} on {@code cl} (e.g. one built with a test factory). */
  public static Result run(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
