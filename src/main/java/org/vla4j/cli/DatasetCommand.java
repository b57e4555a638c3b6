package org.vla4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.vla4j.data.LeRobotUpgrade;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vla4j dataset}: maintenance of LeRobot datasets written by {@code vla4j collect}. */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    description = "Maintain LeRobot v3.0 datasets written by vla4j collect.",
    subcommands = {DatasetCommand.Upgrade.class})
public final class DatasetCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code vla4j dataset upgrade DIR}: adds the Parquet footer metadata LeRobot needs (data files'
   * {@code huggingface} features, meta/tasks.parquet's {@code pandas} index) and meta/vla4j.json,
   * in place, without rewriting frames ({@link LeRobotUpgrade}). Prints one line per file changed
   * to stdout and a summary to stderr; exit 2 with a one-line message if DIR is not such a dataset.
   */
  @Command(name = "upgrade", mixinStandardHelpOptions = true,
      description = "Add LeRobot's footer metadata (huggingface features, pandas task index) and meta/vla4j.json to a dataset in place; frames are not rewritten.")
  static final class Upgrade implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder (holds meta/info.json)")
    Path dir;

    @Override
    public void run() {
      List<String> changed;
      try {
        changed = LeRobotUpgrade.upgrade(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
      }
      changed.forEach(spec.commandLine().getOut()::println);
      spec.commandLine().getOut().flush();
      spec.commandLine().getErr().println("vla4j: " + dir + (changed.isEmpty() ? " is up to date" : ": " + changed.size() + " file(s) upgraded"));
    }
  }
}
