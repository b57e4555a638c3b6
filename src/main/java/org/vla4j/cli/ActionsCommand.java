package org.vla4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.vla4j.policy.steps.normalize.ActionNormalizer;
import org.vla4j.policy.steps.normalize.StatisticsJson;
import org.vla4j.policy.steps.tokenize.ActionTokenizer;
import org.vla4j.policy.steps.tokenize.ActionTokenizers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vla4j actions}: exactness checks for the detokenizer boxes. Every subcommand reads one
 * JSON array per line (stdin or {@code --input}) and writes one JSON array per line. Bad input
 * (non-numeric, NaN, wrong dimension, unknown scheme or unnorm_key) → message on stderr, exit 2.
 */
@Command(
    name = "actions",
    mixinStandardHelpOptions = true,
    description = "Encode, decode, normalize and unnormalize actions, one JSON array per line.",
    subcommands = {
      ActionsCommand.Encode.class,
      ActionsCommand.Decode.class,
      ActionsCommand.Normalize.class,
      ActionsCommand.Unnormalize.class,
    })
public final class ActionsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options shared by encode and decode: the tokenizer scheme and its parameters. */
  static final class TokenizerOptions {
    @Option(names = "--scheme", defaultValue = "openvla", description = "openvla or uniform (default ${DEFAULT-VALUE})")
    String scheme;

    @Option(names = "--vocab-size", defaultValue = "32000", description = "openvla: vocabulary size (default ${DEFAULT-VALUE})")
    int vocabSize;

    @Option(names = "--bins", defaultValue = "256", description = "openvla: bin edges; uniform: tokens per dimension (default ${DEFAULT-VALUE})")
    int bins;

    @Option(names = "--low", description = "uniform: per-dimension lower bounds, JSON array")
    String low;

    @Option(names = "--high", description = "uniform: per-dimension upper bounds, JSON array")
    String high;

    @Option(names = "--input", defaultValue = "-", description = "input file, '-' for stdin (default)")
    String input;

    ActionTokenizer tokenizer() {
      double[] lo = low == null ? null : JsonLines.parseVector("--low", low);
      double[] hi = high == null ? null : JsonLines.parseVector("--high", high);
      return ActionTokenizers.create(scheme, vocabSize, bins, lo, hi);
    }
  }

  /** {@code vla4j actions encode}: normalized actions → token ids. */
  @Command(name = "encode", mixinStandardHelpOptions = true,
      description = "Normalized actions (JSON array per line, time-major for chunks) to token ids.")
  static final class Encode implements Runnable {
    @Spec CommandSpec spec;
    @Mixin TokenizerOptions opts;

    @Override
    public void run() {
      ActionTokenizer t = opts.tokenizer();
      PrintWriter out = spec.commandLine().getOut();
      JsonLines.process(opts.input, out, (node, n) -> {
        double[] a = JsonLines.doubles(node, "line " + n);
        try {
          return JsonLines.array(t.encode(a));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("line " + n + ": " + e.getMessage(), e);
        }
      });
    }
  }

  /** {@code vla4j actions decode}: token ids → normalized actions; counts out-of-range ids. */
  @Command(name = "decode", mixinStandardHelpOptions = true,
      description = "Token ids (JSON array per line) to normalized actions. Ids outside the action range"
          + " are clipped as the reference does and counted on stderr.")
  static final class Decode implements Runnable {
    @Spec CommandSpec spec;
    @Mixin TokenizerOptions opts;

    @Override
    public void run() {
      ActionTokenizer t = opts.tokenizer();
      PrintWriter out = spec.commandLine().getOut();
      int[] outside = {0};
      JsonLines.process(opts.input, out, (node, n) -> {
        int[] ids = JsonLines.ints(node, "line " + n);
        try {
          ActionTokenizer.Decoded d = t.decode(ids);
          outside[0] += d.outOfRange();
          return JsonLines.array(d.actions());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("line " + n + ": " + e.getMessage(), e);
        }
      });
      if (outside[0] > 0) {
        spec.commandLine().getErr().println("vla4j: warning: " + outside[0] + " token id(s) fell outside the action"
            + " range [" + t.minActionId() + ", " + t.maxActionId() + "] and were clipped");
      }
    }
  }

  /** Options shared by normalize and unnormalize. */
  static final class StatsOptions {
    @Option(names = "--stats", required = true, description = "dataset_statistics.json")
    Path stats;

    @Option(names = "--unnorm-key", description = "dataset key in the statistics (required when it holds several)")
    String unnormKey;

    @Option(names = "--input", defaultValue = "-", description = "input file, '-' for stdin (default)")
    String input;

    ActionNormalizer normalizer() {
      return new ActionNormalizer(StatisticsJson.read(stats).requireActionStatistics(unnormKey));
    }
  }

  private static void runNormalizer(CommandSpec spec, StatsOptions opts, boolean inverse) {
    ActionNormalizer norm = opts.normalizer();
    JsonLines.process(opts.input, spec.commandLine().getOut(), (node, n) -> {
      double[] a = JsonLines.doubles(node, "line " + n);
      if (a.length % norm.dims() != 0) {
        throw new IllegalArgumentException("line " + n + ": got " + a.length + " values; the statistics describe "
            + norm.dims() + "-dimensional actions (give D values, or K·D for a time-major chunk)");
      }
      double[] out = new double[a.length];
      if (inverse) {
        norm.unnormalize(a, out);
      } else {
        norm.normalize(a, out);
      }
      return JsonLines.array(out);
    });
  }

  /** {@code vla4j actions normalize}: env-unit actions → [−1, 1] (BOUNDS_Q99). */
  @Command(name = "normalize", mixinStandardHelpOptions = true,
      description = "Env-unit actions to normalized [-1, 1] with OpenVLA's BOUNDS_Q99 rule.")
  static final class Normalize implements Runnable {
    @Spec CommandSpec spec;
    @Mixin StatsOptions opts;

    @Override
    public void run() {
      runNormalizer(spec, opts, false);
    }
  }

  /** {@code vla4j actions unnormalize}: normalized actions → env units (mask respected). */
  @Command(name = "unnormalize", mixinStandardHelpOptions = true,
      description = "Normalized actions to env units with the statistics of the unnorm_key.")
  static final class Unnormalize implements Runnable {
    @Spec CommandSpec spec;
    @Mixin StatsOptions opts;

    @Override
    public void run() {
      runNormalizer(spec, opts, true);
    }
  }
}
