package org.vla4j.eval.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vla4j.eval.stats.Proportion;
import org.vla4j.eval.stats.SequentialComparison;
import org.vla4j.eval.stats.WilsonWidthRule;
import org.vla4j.rollout.EpisodeSpec;
import org.vla4j.runlog.JsonFiles;
import org.vla4j.runlog.LoggedEpisode;
import org.vla4j.runlog.RunLogs;

/**
 * The stopping rules of a sequential evaluation ({@code eval --until-ci-width W}, {@code eval
 * --sequential-vs RUN}). When one is given the plan runs in its seeded order
 * ({@link org.vla4j.eval.plan.EpisodeOrder}) and stops after the first episode at which a rule is
 * met: the Wilson interval of the overall rate is narrower than W ({@link WilsonWidthRule}), or the
 * sequential test against RUN is decided ({@link SequentialComparison}). Rules are checked on the
 * prefix of episodes written in that order, so where a run stops does not depend on the worker count.
 *
 * @param ciWidth W, or null for no width rule
 * @param versus the reference run folder, or null for no sequential test
 * @param detect δ of the sequential test, a rate difference in (0, 1)
 * @param alpha two-sided α of the sequential test
 * @param power 1 − β of the sequential test, per direction
 * @param orderSeed the seed of the episode order, or null for the run seed
 * @param allowMismatch compare with a reference made with another renderer, MuJoCo or suite
 */
public record SequentialStop(Double ciWidth, Path versus, double detect, double alpha, double power, Long orderSeed,
    boolean allowMismatch) {
  /** No stopping rule: the whole plan in plan order. */
  public static final SequentialStop NONE = new SequentialStop(null, null, 0.05, 0.05, 0.8, null, false);

  /** @throws IllegalArgumentException if W is outside (0, 1) */
  public SequentialStop {
    if (ciWidth != null) new WilsonWidthRule(ciWidth);
  }

  /** Whether a rule is given. */
  public boolean active() {
    return ciWidth != null || versus != null;
  }

  /** The plan-key entry ({@code plan.sequential} in config.json): a resumed run must have the same rules. */
  ObjectNode planEntry(long runSeed) {
    ObjectNode n = JsonFiles.MAPPER.createObjectNode();
    n.put("order_seed", orderSeed == null ? runSeed : orderSeed);
    if (ciWidth != null) n.put("until_ci_width", ciWidth);
    if (versus != null) {
      n.put("sequential_vs", versus.toString());
      n.put("detect", detect);
      n.put("alpha", alpha);
      n.put("power", power);
    }
    return n;
  }

  /** A reference run's outcomes, keyed by (task, init state, seed). */
  record Reference(Path dir, Map<String, Boolean> byEpisode, int episodes, int successes) {
    /** Reads a finished run folder; checks nothing about its setup yet ({@link #checkSetup}). */
    static Reference load(Path dir) {
      if (RunLogs.summaryOrNull(dir) == null) {
        throw new IllegalArgumentException("--sequential-vs " + dir + " is not a finished run (no summary.json, "
            + RunLogs.episodes(dir).size() + " episodes written); finish it with --resume or give another run");
      }
      Map<String, Boolean> by = new HashMap<>();
      int ok = 0;
      List<LoggedEpisode> eps = RunLogs.episodes(dir);
      for (LoggedEpisode e : eps) {
        by.put(key(e.taskId(), e.initState(), e.seed()), e.success());
        if (e.success()) ok++;
      }
      if (eps.isEmpty()) throw new IllegalArgumentException("--sequential-vs " + dir + " has no episodes");
      return new Reference(dir, by, eps.size(), ok);
    }

    /** Refuses a reference made with another renderer, simulator or suite, unless allowed. */
    void checkSetup(JsonNode fingerprint, boolean allowMismatch) {
      JsonNode theirs = RunLogs.config(dir).path("fingerprint");
      if (!theirs.isObject()) return;
      List<String> blocking = Fingerprint.diff(theirs, fingerprint,
          Fingerprint.RESULT_CHANGING.stream().filter(k -> !k.startsWith("model_file")).toList());
      if (!blocking.isEmpty() && !allowMismatch) {
        throw new IllegalArgumentException("--sequential-vs " + dir + " was made with another renderer, simulator or suite ("
            + String.join("; ", blocking) + "): the difference would not be the policy's alone; pass --allow-mismatch to test anyway");
      }
    }

    double rate() {
      return (double) successes / episodes;
    }

    boolean covers(List<EpisodeSpec> plan) {
      return plan.stream().allMatch(s -> byEpisode.containsKey(key(s.taskId(), s.initState(), s.seed())));
    }

    boolean success(EpisodeSpec s) {
      return byEpisode.getOrDefault(key(s.taskId(), s.initState(), s.seed()), false);
    }

    static String key(int task, int initState, long seed) {
      return task + "/" + initState + "/" + seed;
    }
  }

  /**
   * The rules' state along the written prefix.
   *
   * @param comparison the sequential test's state, or null without one
   */
  record Progress(SequentialStop stop, Reference reference, SequentialComparison comparison, int episodes, int successes) {
    static Progress start(SequentialStop stop, Reference reference, List<EpisodeSpec> plan) {
      SequentialComparison c = reference == null ? null : SequentialComparison.start(
          reference.covers(plan) ? SequentialComparison.Design.PAIRED : SequentialComparison.Design.UNPAIRED, reference.rate(),
          stop.detect(), stop.alpha(), 1 - stop.power());
      return new Progress(stop, reference, c, 0, 0);
    }

    Progress observe(EpisodeSpec spec, boolean success) {
      SequentialComparison c = comparison == null ? null : comparison.observe(success, reference.success(spec));
      return new Progress(stop, reference, c, episodes + 1, successes + (success ? 1 : 0));
    }

    boolean widthReached() {
      return stop.ciWidth() != null && new WilsonWidthRule(stop.ciWidth()).reached(new Proportion(successes, episodes));
    }

    boolean decided() {
      return comparison != null && comparison.decided();
    }

    boolean done() {
      return widthReached() || decided();
    }

    /** summary.json's {@code stop} object (docs/FORMATS.md). */
    ObjectNode toJson(int planned) {
      ObjectNode n = JsonFiles.MAPPER.createObjectNode();
      n.put("reason", widthReached() ? "ci_width_reached" : decided() ? "sequential_decided" : "plan_exhausted");
      n.put("episodes_used", episodes);
      n.put("episodes_planned", planned);
      n.put("ci_width", round(WilsonWidthRule.width(new Proportion(successes, episodes))));
      if (stop.ciWidth() != null) n.put("target_ci_width", stop.ciWidth());
      if (comparison != null) {
        ObjectNode s = n.putObject("sequential");
        s.put("method", "Wald SPRT, two-sided (Sobel-Wald): two one-sided tests at alpha/2");
        s.put("reference", reference.dir().toString());
        s.put("design", comparison.design().name().toLowerCase(java.util.Locale.ROOT));
        s.put("reference_rate", round(comparison.reference()));
        s.put("reference_episodes", reference.episodes());
        s.put("detect", comparison.detect());
        s.put("alpha", comparison.alpha());
        s.put("power", round(1 - comparison.beta()));
        s.put("decision", comparison.decision().wireName());
        if (comparison.design() == SequentialComparison.Design.PAIRED) {
          s.put("only_this", comparison.onlyThis());
          s.put("only_reference", comparison.onlyReference());
        }
        side(s, "worse", comparison.worse());
        side(s, "better", comparison.better());
      }
      return n;
    }

    private static void side(ObjectNode s, String name, org.vla4j.eval.stats.BinomialSprt t) {
      if (t == null) {
        s.putNull(name);
        return;
      }
      ObjectNode o = s.putObject(name);
      o.put("theta0", round(t.theta0()));
      o.put("theta1", round(t.theta1()));
      o.put("llr", round(t.llr()));
      o.put("accept_h1_at", round(t.upperBound()));
      o.put("accept_h0_at", round(t.lowerBound()));
      o.put("state", t.state().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The line printed at the end. */
    String describe(int planned) {
      String w = String.format(java.util.Locale.ROOT, "stopped after %d of %d episodes (%s); Wilson 95 %% width %.4f", episodes, planned,
          widthReached() ? "the interval is narrower than " + stop.ciWidth() : decided() ? "the sequential test is decided" : "the plan ran out",
          WilsonWidthRule.width(new Proportion(successes, episodes)));
      return comparison == null ? w : w + "\n" + comparison.describe(reference.dir().toString());
    }

    private static double round(double x) {
      return Double.isFinite(x) ? new BigDecimal(x).setScale(6, RoundingMode.HALF_EVEN).doubleValue() : x;
    }
  }
}
