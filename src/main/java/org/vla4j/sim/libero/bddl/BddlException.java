package org.vla4j.sim.libero.bddl;

import java.nio.file.Path;

/**
 * A BDDL problem file that does not parse: the message names the file, the 1-based line and column and
 * the offending token, and says what was expected there.
 */
public final class BddlException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The file (or a description of the source text). */
  private final transient Path file;
  private final int line;
  private final String token;

  BddlException(Path file, int line, int column, String token, String message) {
    super(file + ":" + line + ":" + column + ": " + message + (token == null ? "" : " (at '" + token + "')"));
    this.file = file;
    this.line = line;
    this.token = token;
  }

  /** The file that failed to parse. */
  public Path file() {
    return file;
  }

  /** 1-based line of the offending token (the last line for an unexpected end of file). */
  public int line() {
    return line;
  }

  /** The offending token as written, or null at the end of the file. */
  public String token() {
    return token;
  }
}
