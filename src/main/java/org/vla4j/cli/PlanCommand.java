package org.vla4j.cli;

import java.util.concurrent.Callable;
import org.vla4j.eval.stats.SampleSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vla4j plan --baseline P --detect D}: episodes needed to see a change of success rate ({@link SampleSize}). */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Episodes needed per arm to detect a drop of --detect from --baseline, for unpaired and paired designs.")
public final class PlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--baseline", required = true, description = "reference success rate in (0, 1), e.g. 0.884 (OpenVLA on LIBERO-Object)")
  double baseline;

  @Option(names = "--detect", required = true, description = "the drop to detect, in (0, baseline), e.g. 0.05 for 5 points")
  double detect;

  @Option(names = "--power", defaultValue = "0.8", description = "probability of detecting it (default: ${DEFAULT-VALUE})")
  double power;

  @Option(names = "--alpha", defaultValue = "0.05", description = "two-sided false-alarm rate (default: ${DEFAULT-VALUE})")
  double alpha;

  @Option(names = "--discordant", description = "paired design: probability that an episode is solved by exactly one of the two"
      + " policies (measure it with vla4j compare); default: outcomes independent given the rates")
  Double discordant;

  @Option(names = "--paired", description = "print only the paired design's count")
  boolean paired;

  @Override
  public Integer call() {
    SampleSize s = new SampleSize(baseline, detect, alpha, power, discordant == null ? Double.NaN : discordant);
    var out = spec.commandLine().getOut();
    if (paired) out.println(s.paired());
    else out.print(s.describe());
    out.flush();
    return 0;
  }
}
