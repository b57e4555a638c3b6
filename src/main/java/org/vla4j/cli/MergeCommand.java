package org.vla4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vla4j.eval.run.ShardMerge;
import org.vla4j.eval.stats.EvalSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vla4j merge SHARD_DIR… --out DIR}: one run folder from the shards of {@code eval --shard I/N} ({@link ShardMerge}). */
@Command(name = "merge", mixinStandardHelpOptions = true,
    description = "Merge the run folders of eval --shard I/N into one run folder (logs byte-identical to the unsharded run's).")
public final class MergeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "SHARD_DIR", description = "the shards' run folders, any order")
  List<Path> shards;

  @Option(names = "--out", required = true, description = "run folder to write (new or empty)")
  Path out;

  @Override
  public Integer call() {
    EvalSummary s = ShardMerge.merge(shards, out);
    var o = s.overall().rate();
    spec.commandLine().getOut().println(String.format(Locale.ROOT, "vla4j: merged %d shards, %d episodes, success %d/%d -> %s",
        shards.size(), o.n(), o.successes(), o.n(), out));
    return 0;
  }
}
