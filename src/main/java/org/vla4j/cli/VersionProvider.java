package org.vla4j.cli;

import picocli.CommandLine.IVersionProvider;

/** Prints vla4j's version (from the jar manifest when present) and the Java runtime's. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "vla4j " + (v == null ? "dev" : v), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
