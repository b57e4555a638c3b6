package org.vla4j.bench;

import java.util.Locale;
import org.vla4j.eval.stats.SequentialComparison.Design;
import org.vla4j.eval.stats.SequentialSimulation;
import org.vla4j.eval.stats.SequentialSimulation.World;
import org.vla4j.eval.stats.WilsonWidthRule;

/**
 * Prints, as Markdown, the simulated error rates of {@code eval --sequential-vs} and the coverage and
 * cost of {@code eval --until-ci-width} over seeded Bernoulli streams (docs/RESULTS.md). Argument:
 * simulated runs per row (default 10,000).
 */
public final class SequentialErrorRates {
  private SequentialErrorRates() {}

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    double alpha = 0.05, beta = 0.2;
    System.out.printf(Locale.ROOT, "runs per row: %d; Monte Carlo standard error of a rate q: sqrt(q(1-q)/%d) (0.0022 at q = 0.05, 0.004 at 0.2)%n%n", runs, runs);
    long seed = 1;
    seed = sprtTable(2000, new double[][] {{0.8, 0.1}, {0.884, 0.05}}, alpha, beta, runs, seed);
    seed = sprtTable(500, new double[][] {{0.884, 0.05}}, alpha, beta, runs, seed);
    System.out.println("### --until-ci-width (95 % Wilson interval, plan of 500 episodes)\n");
    System.out.println("| true p | W | coverage of the final interval | mean episodes | stopped before the plan's end |");
    System.out.println("|---|---|---|---|---|");
    for (double w : new double[] {0.2, 0.1}) {
      for (double p : new double[] {0.5, 0.8, 0.884, 0.95}) {
        var r = SequentialSimulation.ciWidth(p, new WilsonWidthRule(w), 500, runs, seed++);
        System.out.printf(Locale.ROOT, "| %.3f | %.2f | %.4f | %.1f | %.4f |%n", p, w, r.coverage(), r.meanEpisodes(), r.stoppedEarly());
      }
    }
  }

  private static long sprtTable(int plan, double[][] cases, double alpha, double beta, int runs, long seed) {
    System.out.printf(Locale.ROOT, "### --sequential-vs: two-sided alpha %.2f, power %.2f, plan of %d episodes%n%n", alpha, 1 - beta, plan);
    System.out.println("| design | p_ref | true p | δ | σ (logit) | reference rate used | worse | better | no difference | undecided | mean episodes |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (double[] c : cases) {
      double ref = c[0], d = c[1];
      for (double p : new double[] {ref, ref - d, ref + d}) {
        row(new World(Design.UNPAIRED, ref, p, 0, 0, plan), d, alpha, beta, runs, seed++, "true p_ref (known)");
        row(new World(Design.UNPAIRED, ref, p, 0, 500, plan), d, alpha, beta, runs, seed++, "observed on 500 episodes");
        row(new World(Design.PAIRED, ref, p, 0, plan, plan), d, alpha, beta, runs, seed++, "observed on the same episodes");
        row(new World(Design.PAIRED, ref, p, 2, plan, plan), d, alpha, beta, runs, seed++, "observed on the same episodes");
      }
    }
    System.out.println();
    return seed;
  }

  private static void row(World w, double d, double alpha, double beta, int runs, long seed, String refUsed) {
    var r = SequentialSimulation.sprt(w, d, alpha, beta, runs, seed);
    System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.2f | %s | %s | %.4f | %.4f | %.4f | %.4f | %.1f |%n",
        w.design().name().toLowerCase(Locale.ROOT), w.referenceRate(), w.trueRate(), d,
        w.design() == Design.PAIRED ? String.format(Locale.ROOT, "%.0f", w.sigma()) : "–", refUsed,
        r.worse(), r.better(), r.noDifference(), r.undecided(), r.meanEpisodes());
  }
}
