package org.vla4j.diagnose.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.vla4j.diagnose.predicates.ActionOvershoot;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.steps.image.ImageStep;
import org.vla4j.policy.steps.image.RgbImage;
import org.vla4j.policy.steps.normalize.ActionNormalizer;
import org.vla4j.policy.steps.normalize.NormalizationStatistics;
import org.vla4j.policy.steps.prompt.PromptTemplate;
import org.vla4j.policy.vla.OnnxVlaPolicy;
import org.vla4j.policy.vla.OnnxVlaRunner;
import org.vla4j.runlog.JsonFiles;

/**
 * {@code vla4j preflight}'s checks of a policy's input and output conventions on rendered frames
 * ({@link PreflightFrames}), before any episode runs. Each check gives PASS/WARN/FAIL with its
 * numbers, on all frames together and, for the detection table, on each frame alone:
 *
 * <ul>
 *   <li>{@code image_orientation}: the model's confidence (mean softmax probability of its greedy
 *       action tokens, {@link OnnxVlaRunner.Scored}) on the images as the pipeline prepares them vs
 *       the same images rotated 180° and with rows flipped, and the decoded action's fit to the
 *       scripted expert's on the same frame. A model is sharper, and acts more like its demonstrator,
 *       on the orientation it was trained on; another orientation winning means the pipeline's
 *       rotation is wrong (OpenVLA rotates LIBERO's renders 180°, arXiv:2406.09246). The rule is
 *       that of the private confidenceCheck.
 *   <li>{@code prompt_template}: the same two numbers under the configured template vs config.json's
 *       (the model's canonical one) vs rephrasings it was not trained with. Confidence alone misses a
 *       rephrasing the shipped model answers confidently but wrongly (docs/RESULTS.md), the expert
 *       fit does not.
 *   <li>{@code unnorm_key}: the actions unnormalized with the configured key against the env's action
 *       range (the OSC controller clips beyond it), and the same for every key of
 *       dataset_statistics.json.
 *   <li>{@code gripper}: the sign of the policy's gripper command (after its convention) against the
 *       scripted expert's on frames where the expert opens (the first frame) and closes (its pre-grasp
 *       state): an inverted convention disagrees everywhere.
 *   <li>{@code golden}: the model's golden.json (raw env images, prompt ids, action tokens recorded at
 *       export) reproduced by the configured pipeline.
 * </ul>
 *
 * A chunked model with a continuous head ({@link PreflightPolicy.ContinuousModel}) gets the unnorm_key
 * check on the first action of each normalized chunk with every key, and the gripper check. A policy seen
 * only through its actions ({@link PreflightPolicy.ActionsOnly}: remote clients) gets the unnorm_key check
 * on the action range alone and the gripper check; the others say why they skip.
 */
public final class Preflight {
  /** Share of frames on which the configured input must be the most confident for PASS; below half is FAIL. */
  public static final double PASS_WIN_RATE = 0.8, FAIL_WIN_RATE = 0.5;
  /** Mean confidence margin over the best alternative below which a winning configuration is only WARN. */
  public static final double MIN_MARGIN = 0.02;
  /**
   * Share of arm action components off-scale (beyond {@link ActionOvershoot#TOLERATED} times the env's range: small
   * overshoots are clipped by the env and made by continuous heads on clean runs): above the first WARN, above the second FAIL.
   */
  public static final double WARN_OUT_OF_RANGE = 0.01, FAIL_OUT_OF_RANGE = 0.10;
  /** Share of labelled frames whose gripper sign must agree with the expert's: below the first WARN, the second FAIL. */
  public static final double PASS_AGREEMENT = 0.8, FAIL_AGREEMENT = 0.5;
  /**
   * Gripper agreement at or below which the convention looks inverted (a model that always closes
   * agrees on half the frames, an inverted convention on almost none); the input checks' expert fit
   * then reads the gripper with the sign corrected, so one wrong step is blamed once.
   */
  public static final double INVERTED_AGREEMENT = 0.25;
  /** A second rephrasing, used alongside (or instead of) {@link PromptTemplate#REPHRASED}. */
  static final PromptTemplate BARE = new PromptTemplate("bare", "{instruction}", true);

  private final double actionLimit;

  /** @param actionLimit the env's arm action range {@code [−limit, limit]} (OSC input max; 1 for LIBERO) */
  public Preflight(double actionLimit) {
    this.actionLimit = actionLimit;
  }

  /**
   * Runs every check.
   *
   * @return one result per check, in the order orientation, prompt, unnorm_key, gripper, golden
   * @throws IllegalArgumentException if a model's golden.json is malformed (naming the file)
   * @throws IllegalStateException if ONNX Runtime fails
   */
  public List<CheckResult> run(PreflightPolicy subject, PreflightFrames frames) {
    List<CheckResult> out = new ArrayList<>();
    // the gripper check runs first: an inverted convention it finds must not count against the inputs' expert fit
    CheckResult gripper = gripper(subject, frames);
    double gripperSign = gripper.status() == CheckStatus.FAIL && (double) gripper.framesFailed() / gripper.frames() >= 1 - INVERTED_AGREEMENT
        ? -1 : 1;
    switch (subject) {
      case PreflightPolicy.Model m -> {
        List<Scored> configured = new ArrayList<>();
        for (PreflightFrames.Frame f : frames.start()) configured.add(configured(m.policy(), f));
        out.add(orientation(m.policy(), frames.start(), configured, gripperSign));
        out.add(prompt(m.policy(), frames.start(), configured, gripperSign));
        out.add(unnorm(m.policy(), configured));
      }
      case PreflightPolicy.ContinuousModel c -> {
        String noLogits = "not applicable: a continuous action head, no token logits to compare inputs by";
        out.add(CheckResult.skip("image_orientation", noLogits));
        out.add(CheckResult.skip("prompt_template", noLogits));
        List<PolicyInput> inputs = frames.start().stream().map(PreflightFrames.Frame::input).toList();
        List<double[]> normalized = c.policy().normalizedChunks(inputs).stream().map(chunk -> toDoubles(chunk[0])).toList();
        out.add(unnorm(c.policy().statistics(), c.policy().unnormKey(), c.policy().config().unnormKey(), normalized));
      }
      case PreflightPolicy.ActionsOnly a -> {
        String noLogits = "not applicable: the policy returns actions only, no logits (" + a.why() + ")";
        out.add(CheckResult.skip("image_orientation", noLogits));
        out.add(CheckResult.skip("prompt_template", noLogits));
        List<double[]> actions = new ArrayList<>();
        for (PreflightFrames.Frame f : frames.start()) actions.add(a.policy().act(f.input()).action());
        out.add(actionRange(actions));
      }
    }
    out.add(gripper);
    out.add(subject instanceof PreflightPolicy.Model m ? golden(m) : CheckResult.skip("golden",
        "not applicable: no token model folder (golden.json's action tokens ship with a token model)"));
    return out;
  }

  /** The configured pipeline's images, prompt and scored tokens on one frame. */
  private record Scored(RgbImage agentview, RgbImage wrist, long[] prompt, OnnxVlaRunner.Scored score) {}

  private static Scored configured(OnnxVlaPolicy p, PreflightFrames.Frame f) {
    PolicyInput in = f.input();
    if (in.wrist() == null) throw new IllegalArgumentException("model '" + p.name() + "' needs the wrist camera image");
    RgbImage a = p.preprocess(in.agentview()), w = p.preprocess(in.wrist());
    long[] ids = p.promptIds(in.instruction());
    return new Scored(a, w, ids, p.score(a, w, ids));
  }

  private CheckResult orientation(OnnxVlaPolicy p, List<PreflightFrames.Frame> frames, List<Scored> configured, double gripperSign) {
    Map<String, UnaryOperator<RgbImage>> alts = new LinkedHashMap<>();
    alts.put("rotated 180°", new ImageStep.Rotate180()::apply);
    alts.put("rows flipped", new ImageStep.FlipRows()::apply);
    Map<String, OnnxVlaRunner.Scored[]> conf = new LinkedHashMap<>();
    for (var e : alts.entrySet()) {
      OnnxVlaRunner.Scored[] c = new OnnxVlaRunner.Scored[frames.size()];
      for (int i = 0; i < c.length; i++) {
        Scored s = configured.get(i);
        c[i] = p.score(e.getValue().apply(s.agentview()), e.getValue().apply(s.wrist()), s.prompt());
      }
      conf.put(e.getKey(), c);
    }
    String steps = p.processors().imageSteps().stream().map(s -> s.step().name()).toList().toString();
    return confidenceCheck(p, frames, gripperSign, "image_orientation", "as configured " + steps, configured, conf, null);
  }

  private CheckResult prompt(OnnxVlaPolicy p, List<PreflightFrames.Frame> frames, List<Scored> configured, double gripperSign) {
    PromptTemplate mine = p.processors().prompt().template();
    PromptTemplate canonical = PromptTemplate.builtIn(p.config().promptTemplate());
    Map<String, PromptTemplate> alts = new LinkedHashMap<>();
    if (!canonical.template().equals(mine.template())) alts.put("canonical '" + canonical.name() + "'", canonical);
    for (PromptTemplate t : List.of(PromptTemplate.REPHRASED, BARE)) {
      if (!t.template().equals(mine.template()) && !t.template().equals(canonical.template())) alts.put("'" + t.name() + "'", t);
    }
    Map<String, OnnxVlaRunner.Scored[]> conf = new LinkedHashMap<>();
    for (var e : alts.entrySet()) {
      OnnxVlaRunner.Scored[] c = new OnnxVlaRunner.Scored[frames.size()];
      for (int i = 0; i < c.length; i++) {
        Scored s = configured.get(i);
        c[i] = p.score(s.agentview(), s.wrist(), p.promptIds(e.getValue(), frames.get(i).input().instruction()));
      }
      conf.put(e.getKey(), c);
    }
    String note = mine.template().equals(canonical.template()) ? null
        : "configured template '" + mine.name() + "' is not config.json's '" + canonical.name() + "'";
    return confidenceCheck(p, frames, gripperSign, "prompt_template", "configured '" + mine.name() + "'", configured, conf, note);
  }

  /**
   * The shared rule of the two input-convention checks. Two pieces of evidence per frame and variant
   * (the configured input and each alternative):
   *
   * <ul>
   *   <li>confidence: mean softmax probability of the greedy tokens; the configured input wins a
   *       frame when it beats every alternative. Verdict C: FAIL below {@link #FAIL_WIN_RATE} of the
   *       frames won, WARN below {@link #PASS_WIN_RATE} or under a mean margin of {@link #MIN_MARGIN}.
   *   <li>fit to the scripted expert's action on the frame ({@link #fit}): half gripper-sign
   *       agreement, half (1 + cosine of the xyz motion) / 2, in [0, 1]. Verdict E: FAIL when an
   *       alternative's mean fit exceeds the configured one's by more than {@link #FIT_MARGIN}, PASS
   *       when the configured one leads every alternative by more than that, WARN between.
   * </ul>
   *
   * The check FAILs when E does, or when C does and E does not PASS (a model can be confidently wrong
   * under a prompt it was not trained with, the tiny model is under the rephrasing, so behaviour
   * evidence overrides confidence); PASSes when C or E does; WARNs otherwise, and a winning
   * configuration that differs from the model's own ({@code note}) is at best WARN.
   */
  private static CheckResult confidenceCheck(OnnxVlaPolicy p, List<PreflightFrames.Frame> frames, double gripperSign, String name, String label,
      List<Scored> configured, Map<String, OnnxVlaRunner.Scored[]> alts, String note) {
    int n = configured.size();
    OnnxVlaRunner.Scored[] mineScored = configured.stream().map(Scored::score).toArray(OnnxVlaRunner.Scored[]::new);
    double[] mine = Arrays.stream(mineScored).mapToDouble(OnnxVlaRunner.Scored::meanProbability).toArray();
    double[] mineFit = fit(p, frames, mineScored, gripperSign);
    Map<String, double[]> conf = new LinkedHashMap<>(), fits = new LinkedHashMap<>();
    alts.forEach((k, v) -> {
      conf.put(k, Arrays.stream(v).mapToDouble(OnnxVlaRunner.Scored::meanProbability).toArray());
      fits.put(k, fit(p, frames, v, gripperSign));
    });
    int wins = 0, framesFailed = 0;
    for (int i = 0; i < n; i++) {
      final int f = i;
      CheckStatus c = confidenceVerdict(new double[] {mine[i]}, conf.values().stream().map(x -> new double[] {x[f]}).toList());
      CheckStatus e = fitVerdict(new double[] {mineFit[i]}, fits.values().stream().map(x -> new double[] {x[f]}).toList());
      if (c != CheckStatus.FAIL) wins++;
      if (combine(c, e) == CheckStatus.FAIL) framesFailed++;
    }
    CheckStatus c = confidenceVerdict(mine, List.copyOf(conf.values()));
    CheckStatus e = fitVerdict(mineFit, List.copyOf(fits.values()));
    double meanMine = mean(mine), bestAlt = Double.NEGATIVE_INFINITY, meanFit = mean(mineFit), bestFit = Double.NEGATIVE_INFINITY;
    String bestName = null, bestFitName = null;
    Map<String, Object> numbers = new LinkedHashMap<>();
    numbers.put("configured", label);
    numbers.put("confidence", meanMine);
    numbers.put("entropy_nats", Arrays.stream(mineScored).mapToDouble(OnnxVlaRunner.Scored::meanEntropy).average().orElse(Double.NaN));
    numbers.put("expert_fit", meanFit);
    Map<String, Object> altNumbers = new LinkedHashMap<>();
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "confidence %.3f %s", meanMine, label));
    StringBuilder fitText = new StringBuilder(String.format(Locale.ROOT, "; expert fit%s %.2f",
        gripperSign < 0 ? " (gripper sign corrected)" : "", meanFit));
    for (String k : alts.keySet()) {
      double m = mean(conf.get(k)), fm = mean(fits.get(k));
      altNumbers.put(k, Map.of("confidence", m, "expert_fit", fm, "entropy_nats",
          Arrays.stream(alts.get(k)).mapToDouble(OnnxVlaRunner.Scored::meanEntropy).average().orElse(Double.NaN)));
      sb.append(String.format(Locale.ROOT, " vs %.3f %s", m, k));
      fitText.append(String.format(Locale.ROOT, " vs %.2f", fm));
      if (m > bestAlt) {
        bestAlt = m;
        bestName = k;
      }
      if (fm > bestFit) {
        bestFit = fm;
        bestFitName = k;
      }
    }
    numbers.put("alternatives", altNumbers);
    numbers.put("frames_configured_most_confident", wins);
    numbers.put("confidence_verdict", c.name());
    numbers.put("expert_fit_verdict", e.name());
    sb.append(String.format(Locale.ROOT, " (most confident on %d/%d frames)", wins, n)).append(fitText);
    CheckStatus status = alts.isEmpty() ? CheckStatus.SKIP : combine(c, e);
    if (status == CheckStatus.FAIL) {
      sb.append(" (").append(e == CheckStatus.FAIL ? bestFitName : bestName).append(" fits the model better)");
    }
    if (note != null && status != CheckStatus.FAIL && status != CheckStatus.SKIP) {
      status = status.worse(CheckStatus.WARN);
      sb.append(" (").append(note).append(")");
    }
    return new CheckResult(name, status, sb.toString(), numbers, n, framesFailed);
  }

  /** Expert-fit difference (in [0, 1] fit units) between the configured variant and the best alternative that decides E. */
  public static final double FIT_MARGIN = 0.1;

  private static CheckStatus combine(CheckStatus c, CheckStatus e) {
    if (e == CheckStatus.FAIL || (c == CheckStatus.FAIL && e != CheckStatus.PASS)) return CheckStatus.FAIL;
    if (c == CheckStatus.PASS || e == CheckStatus.PASS) return CheckStatus.PASS;
    return CheckStatus.WARN;
  }

  private static CheckStatus confidenceVerdict(double[] mine, List<double[]> alts) {
    int n = mine.length, wins = 0;
    for (int i = 0; i < n; i++) {
      boolean win = true;
      for (double[] c : alts) win &= mine[i] > c[i];
      if (win) wins++;
    }
    double best = alts.stream().mapToDouble(Preflight::mean).max().orElse(Double.NEGATIVE_INFINITY);
    double rate = n == 0 ? 0 : (double) wins / n;
    if (rate < FAIL_WIN_RATE) return CheckStatus.FAIL;
    return rate < PASS_WIN_RATE || mean(mine) - best < MIN_MARGIN ? CheckStatus.WARN : CheckStatus.PASS;
  }

  private static CheckStatus fitVerdict(double[] mine, List<double[]> alts) {
    double best = alts.stream().mapToDouble(Preflight::mean).max().orElse(Double.NEGATIVE_INFINITY), m = mean(mine);
    if (best - m > FIT_MARGIN) return CheckStatus.FAIL;
    return m - best > FIT_MARGIN ? CheckStatus.PASS : CheckStatus.WARN;
  }

  /**
   * Per frame, how well the action decoded from {@code s} (unnormalized and gripper-converted by the
   * configured pipeline) matches the scripted expert's: 0.5·[gripper signs equal] + 0.25·(1 + cos of
   * the xyz motions), in [0, 1]; a zero motion counts cos 0. {@code gripperSign} −1 reads the gripper
   * inverted (the gripper check found the convention inverted).
   */
  private static double[] fit(OnnxVlaPolicy p, List<PreflightFrames.Frame> frames, OnnxVlaRunner.Scored[] s, double gripperSign) {
    double[] out = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      double[] n = p.normalized(s[i].tokens()), a = new double[n.length];
      p.processors().unnormalize().normalizer().unnormalize(n, a);
      double g = gripperSign * p.processors().gripper().convention().apply(a[a.length - 1]);
      double[] e = frames.get(i).expertAction();
      double dot = 0, na = 0, ne = 0;
      for (int j = 0; j < 3; j++) {
        dot += a[j] * e[j];
        na += a[j] * a[j];
        ne += e[j] * e[j];
      }
      double cos = na == 0 || ne == 0 ? 0 : dot / Math.sqrt(na * ne);
      out[i] = (Math.signum(g) == Math.signum(e[e.length - 1]) ? 0.5 : 0) + 0.25 * (1 + cos);
    }
    return out;
  }

  private CheckResult unnorm(OnnxVlaPolicy p, List<Scored> configured) {
    List<double[]> normalized = configured.stream().map(s -> p.normalized(s.score().tokens())).toList();
    return unnorm(p.statistics(), p.processors().unnormalize().unnormKey(), p.config().unnormKey(), normalized);
  }

  private static double[] toDoubles(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) d[i] = a[i];
    return d;
  }

  /**
   * The unnorm_key check on normalized first actions {@code [7]} per frame: the range with the key in use, and
   * with every other key of the statistics file.
   */
  private CheckResult unnorm(NormalizationStatistics stats, String key, String configKey, List<double[]> normalized) {
    Map<String, Object> perKey = new LinkedHashMap<>();
    StringBuilder others = new StringBuilder();
    String inRange = null;
    for (String k : stats.keys()) {
      if (stats.forKey(k).action() == null) continue;
      ActionNormalizer norm = new ActionNormalizer(stats.requireActionStatistics(k));
      List<double[]> actions = normalized.stream().map(x -> {
        double[] a = new double[x.length];
        norm.unnormalize(x, a);
        return a;
      }).toList();
      Range r = range(actions);
      perKey.put(k, Map.of("out_of_range", r.share(), "p95_abs", r.p95()));
      if (!k.equals(key)) {
        others.append(String.format(Locale.ROOT, ", '%s' %.1f%%", k, 100 * r.share()));
        if (r.share() <= WARN_OUT_OF_RANGE && inRange == null) inRange = k;
      }
    }
    ActionNormalizer mine = new ActionNormalizer(stats.requireActionStatistics(key));
    List<double[]> actions = normalized.stream().map(x -> {
      double[] a = new double[x.length];
      mine.unnormalize(x, a);
      return a;
    }).toList();
    CheckResult r = rangeCheck("unnorm_key", "with '" + key + "'", actions, perKey);
    String detail = r.detail() + (others.isEmpty() ? "" : "; other keys:" + others.substring(1));
    if (!key.equals(configKey)) detail += " (config.json's unnorm_key is '" + configKey + "')";
    if (r.status() == CheckStatus.FAIL && inRange != null) detail += " ('" + inRange + "' keeps them in range)";
    return new CheckResult(r.check(), r.status(), detail, r.numbers(), r.frames(), r.framesFailed());
  }

  private CheckResult actionRange(List<double[]> actions) {
    CheckResult r = rangeCheck("unnorm_key", "as returned", actions, Map.of());
    return new CheckResult(r.check(), r.status(), r.detail() + " (range check only: the actions as returned, no per-key comparison of statistics)", r.numbers(),
        r.frames(), r.framesFailed());
  }

  private record Range(double share, double p95) {}

  /** Share of arm components (all but the last, the gripper) beyond ±TOLERATED·actionLimit, and the 95th percentile of |a|/limit. */
  private Range range(List<double[]> actions) {
    List<Double> ratios = new ArrayList<>();
    int out = 0;
    for (double[] a : actions) {
      for (int j = 0; j < a.length - 1; j++) {
        double r = Math.abs(a[j]) / actionLimit;
        ratios.add(r);
        if (r > ActionOvershoot.TOLERATED) out++;
      }
    }
    if (ratios.isEmpty()) return new Range(0, 0);
    double[] s = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Range((double) out / s.length, s[(int) Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]);
  }

  private CheckResult rangeCheck(String name, String label, List<double[]> actions, Map<String, Object> perKey) {
    Range r = range(actions);
    int framesFailed = 0;
    for (double[] a : actions) if (status(range(List.of(a)).share()) == CheckStatus.FAIL) framesFailed++;
    Map<String, Object> numbers = new LinkedHashMap<>();
    numbers.put("action_limit", actionLimit);
    numbers.put("tolerated_multiple", ActionOvershoot.TOLERATED);
    numbers.put("out_of_range", r.share());
    numbers.put("p95_abs_over_limit", r.p95());
    if (!perKey.isEmpty()) numbers.put("keys", perKey);
    String detail = String.format(Locale.ROOT, "arm actions %s: %.1f%% beyond %s x the env's range ±%s, 95th percentile |a| = %.2f x range",
        label, 100 * r.share(), trim(ActionOvershoot.TOLERATED), trim(actionLimit), r.p95());
    return new CheckResult(name, status(r.share()), detail, numbers, actions.size(), framesFailed);
  }

  private static CheckStatus status(double outOfRange) {
    return outOfRange > FAIL_OUT_OF_RANGE ? CheckStatus.FAIL : outOfRange > WARN_OUT_OF_RANGE ? CheckStatus.WARN : CheckStatus.PASS;
  }

  private static CheckResult gripper(PreflightPolicy subject, PreflightFrames frames) {
    int agreeOpen = 0, agreeClose = 0, nOpen = 0, nClose = 0;
    List<PreflightFrames.Frame> all = new ArrayList<>(frames.start());
    all.addAll(frames.close());
    for (PreflightFrames.Frame f : all) {
      double[] act = subject.policy().act(f.input()).action();
      double g = act[act.length - 1];
      boolean agree = Math.signum(g) == Math.signum(f.expertGripper());
      if (f.expertGripper() > 0) {
        nClose++;
        if (agree) agreeClose++;
      } else {
        nOpen++;
        if (agree) agreeOpen++;
      }
    }
    int n = nOpen + nClose, agree = agreeOpen + agreeClose;
    if (n == 0) return CheckResult.skip("gripper", "no labelled frame");
    double rate = (double) agree / n;
    Map<String, Object> numbers = new LinkedHashMap<>();
    numbers.put("agreement", rate);
    numbers.put("open_frames", nOpen);
    numbers.put("open_agree", agreeOpen);
    numbers.put("close_frames", nClose);
    numbers.put("close_agree", agreeClose);
    CheckStatus s = rate < FAIL_AGREEMENT ? CheckStatus.FAIL : rate < PASS_AGREEMENT ? CheckStatus.WARN : CheckStatus.PASS;
    String detail = String.format(Locale.ROOT, "gripper sign agrees with the scripted expert on %d/%d frames (open %d/%d, close %d/%d at its"
        + " pre-grasp state; env: -1 open, +1 close)", agree, n, agreeOpen, nOpen, agreeClose, nClose);
    if (s == CheckStatus.FAIL && rate <= INVERTED_AGREEMENT) detail += " (the convention looks inverted)";
    return new CheckResult("gripper", s, detail, numbers, n, n - agree);
  }

  private static CheckResult golden(PreflightPolicy.Model m) {
    Path file = m.modelDir().resolve("golden.json");
    if (!Files.isRegularFile(file)) return CheckResult.skip("golden", "the model ships no golden.json");
    JsonNode g;
    try {
      g = JsonFiles.read(file);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    JsonNode ins = g.get("instruction"), promptIds = g.get("prompt_ids"), tokens = g.get("action_token_ids");
    if (ins == null || promptIds == null || tokens == null || g.get("agentview_b64") == null || g.get("wrist_b64") == null) {
      throw new IllegalArgumentException(file + " lacks one of instruction, prompt_ids, action_token_ids, agentview_b64, wrist_b64");
    }
    int h = g.path("image_height").asInt(), w = g.path("image_width").asInt();
    RgbImage a = new RgbImage(h, w, Base64.getDecoder().decode(g.get("agentview_b64").asText()));
    RgbImage wr = new RgbImage(h, w, Base64.getDecoder().decode(g.get("wrist_b64").asText()));
    long[] wantIds = new long[promptIds.size()];
    for (int i = 0; i < wantIds.length; i++) wantIds[i] = promptIds.get(i).asLong();
    int[] wantTokens = new int[tokens.size()];
    for (int i = 0; i < wantTokens.length; i++) wantTokens[i] = tokens.get(i).asInt();
    long[] ids = m.policy().promptIds(ins.asText());
    int[] got = m.policy().act(new PolicyInput(a, wr, null, ins.asText())).actionTokens();
    boolean idsOk = Arrays.equals(ids, wantIds);
    int same = 0;
    for (int i = 0; i < Math.min(got.length, wantTokens.length); i++) if (got[i] == wantTokens[i]) same++;
    boolean tokOk = Arrays.equals(got, wantTokens);
    Map<String, Object> numbers = new LinkedHashMap<>();
    numbers.put("prompt_ids_equal", idsOk);
    numbers.put("tokens_equal", same);
    numbers.put("tokens", wantTokens.length);
    String detail = String.format(Locale.ROOT, "golden.json: prompt ids %s, action tokens %d/%d equal", idsOk ? "equal" : "DIFFER", same,
        wantTokens.length);
    if (!tokOk) detail += " (got " + Arrays.toString(got) + ", recorded " + Arrays.toString(wantTokens) + ")";
    return new CheckResult("golden", idsOk && tokOk ? CheckStatus.PASS : CheckStatus.FAIL, detail, numbers, 0, 0);
  }

  private static double mean(double[] x) {
    return Arrays.stream(x).average().orElse(Double.NaN);
  }

  private static String trim(double x) {
    return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
  }
}
