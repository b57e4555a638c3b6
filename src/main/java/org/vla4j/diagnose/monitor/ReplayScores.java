package org.vla4j.diagnose.monitor;

import org.vla4j.runlog.JsonFiles;
import org.vla4j.runlog.Jsonl;

import org.vla4j.policy.steps.Fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.vla4j.diagnose.predicates.PredicateThresholds;
import org.vla4j.runlog.StepRow;
import org.vla4j.runlog.StepRows;
import org.vla4j.rollout.MonitorEvent;

/**
 * The runtime monitor scored offline ({@code vla4j monitor-score}): every episode of some steps
 * files is replayed through {@link MonitorReplay} and labelled by {@link MonitorReplay#label} (the
 * drill tag of its policy steps: a fault, or clean), and the verdicts are compared with the labels:
 * <ol>
 *   <li>episode-level detection, positive = at least one event of a predicate check
 *       ({@code bad_prompt}, {@code bad_unnorm}, {@code no_flip}), as a {@link MonitorScore};</li>
 *   <li>the same with positive = any event of any check;</li>
 *   <li>a confusion table: label × the first predicate event (or none), whether the right cause is named;</li>
 *   <li>per check, the episodes in which it fired, by label;</li>
 *   <li>per fault, the detection delay: the median step of the first event naming the injected fault.</li>
 * </ol>
 * Deterministic: files sorted by path, episodes by index, and everything else a function of the steps
 * and the settings.
 *
 * @param settings the monitor settings of the replay
 * @param files the steps files read, sorted by path
 * @param episodes the scored episodes, sorted by file then episode index
 */
public record ReplayScores(MonitorSettings settings, List<SourceFile> files, List<ScoredEpisode> episodes) {
  /** File names that are never steps files, skipped when searching a folder. */
  public static final List<String> NOT_STEPS_FILES = List.of("monitor.jsonl", "episodes.jsonl", "timings.jsonl");

  /** Row order of the label tables: clean first, then the faults. */
  public static final List<String> LABELS = java.util.stream.Stream.concat(java.util.stream.Stream.of(MonitorReplay.CLEAN), Fault.injectedNames().stream()).toList();

  private static final ObjectMapper JSON = JsonFiles.MAPPER;

  public ReplayScores {
    files = List.copyOf(files);
    episodes = List.copyOf(episodes);
  }

  /**
   * One steps file that was read.
   *
   * @param path the path as found (a command-line file, or a folder argument resolved with the file's
   *     relative path)
   * @param episodes episodes scored from it
   * @param unfinished episodes skipped because the run is still writing them: in a {@code steps.jsonl}
   *     next to an {@code episodes.jsonl} that does not (yet) list them; 0 for other files
   */
  public record SourceFile(String path, int episodes, int unfinished) {}

  /**
   * One event as scored.
   *
   * @param step the step at which the check started firing (wait steps counted, as in {@code steps.jsonl})
   * @param policyStep how many policy (non-wait) steps the monitor had seen then, ≥ 1
   * @param monitor the check's name ({@link RuntimeMonitor#CHECKS})
   * @param evidence the event's evidence line
   */
  public record Event(int step, int policyStep, String monitor, String evidence) {}

  /**
   * One replayed episode.
   *
   * @param file the steps file ({@link SourceFile#path})
   * @param episode its episode index in that file
   * @param tag the tag of its policy steps ({@link MonitorReplay#policyTag}; empty if it has none)
   * @param label {@link MonitorReplay#label}: {@code clean}, {@code bad_prompt}, {@code bad_unnorm} or {@code no_flip}
   * @param steps logged steps, wait steps included
   * @param policySteps steps that are not wait steps
   * @param events the replay's events, in step order
   */
  public record ScoredEpisode(String file, int episode, String tag, String label, int steps, int policySteps, List<Event> events) {
    public ScoredEpisode {
      events = List.copyOf(events);
    }

    /** Whether a fault was injected (the label is not {@code clean}). */
    public boolean faulty() {
      return !MonitorReplay.CLEAN.equals(label);
    }

    /** The first event of a predicate check ({@link MonitorReplay#PREDICATE_CHECKS}), if any. */
    public Optional<Event> firstPredicateEvent() {
      return events.stream().filter(e -> MonitorReplay.PREDICATE_CHECKS.contains(e.monitor())).findFirst();
    }

    /** The first event of check {@code name}, if any. */
    public Optional<Event> first(String name) {
      return events.stream().filter(e -> e.monitor().equals(name)).findFirst();
    }

    /** Whether check {@code name} fired at least once. */
    public boolean fired(String name) {
      return first(name).isPresent();
    }
  }

  /**
   * Delay of one fault's detection.
   *
   * @param label the fault, or {@code all} for every faulty episode
   * @param episodes faulty episodes with this label
   * @param detected of those, episodes in which the check named after the fault fired
   * @param medianStep median step of that check's first event over the detected episodes (wait steps
   *     counted); NaN if none was detected
   * @param medianPolicyStep the same in policy steps seen (≥ the window size for predicate checks); NaN if none
   */
  public record Delay(String label, int episodes, int detected, double medianStep, double medianPolicyStep) {}

  /**
   * Finds the steps files, replays every episode in them and keeps the results.
   *
   * @param paths steps files, or folders searched recursively ({@link #stepFiles})
   * @param settings the monitor settings to replay with (mode {@code warn} to see every event)
   * @throws IllegalArgumentException if a path does not exist, a file given by name is not a steps
   *     file, no steps file is found, or a steps file has a malformed line (the message names it)
   */
  public static ReplayScores score(List<Path> paths, MonitorSettings settings) {
    List<SourceFile> files = new ArrayList<>();
    List<ScoredEpisode> out = new ArrayList<>();
    for (Path f : stepFiles(paths)) {
      Set<Integer> finished = finishedEpisodes(f);
      List<StepRow> rows = StepRows.read(f);
      Map<Integer, List<StepRow>> byEpisode = new TreeMap<>();
      for (StepRow r : rows) byEpisode.computeIfAbsent(r.episode(), k -> new ArrayList<>()).add(r);
      int scored = 0;
      int unfinished = 0;
      for (Map.Entry<Integer, List<StepRow>> e : byEpisode.entrySet()) {
        if (finished != null && !finished.contains(e.getKey())) {
          unfinished++;
          continue;
        }
        out.add(replay(f.toString(), e.getValue(), settings));
        scored++;
      }
      files.add(new SourceFile(f.toString(), scored, unfinished));
    }
    return new ReplayScores(settings, files, out);
  }

  /** Replays one episode (its rows, one episode index) and labels it. */
  static ScoredEpisode replay(String file, List<StepRow> episode, MonitorSettings settings) {
    List<StepRow> rows = new ArrayList<>(episode);
    rows.sort(Comparator.comparingInt(StepRow::step));
    List<MonitorEvent> events = MonitorReplay.events(rows, settings);
    List<Event> scored = new ArrayList<>();
    int i = 0;
    int policy = 0;
    for (MonitorEvent ev : events) {
      while (i < rows.size() && rows.get(i).step() <= ev.step()) if (!rows.get(i++).isWait()) policy++;
      scored.add(new Event(ev.step(), policy, ev.monitor(), ev.evidence()));
    }
    int policySteps = (int) rows.stream().filter(r -> !r.isWait()).count();
    return new ScoredEpisode(file, rows.getFirst().episode(), MonitorReplay.policyTag(rows), MonitorReplay.label(rows),
        rows.size(), policySteps, scored);
  }

  /**
   * The steps files among {@code paths}, sorted by path and without duplicates. A file given by name
   * is taken as is; a folder is searched recursively for {@code *.jsonl} files, skipping
   * {@link #NOT_STEPS_FILES} and any file whose first non-blank line is not a JSON object with a
   * 7-entry {@code action} array.
   *
   * @throws IllegalArgumentException if a path does not exist, a named file is not a steps file, or
   *     nothing is found
   */
  public static List<Path> stepFiles(List<Path> paths) {
    Map<Path, Path> found = new LinkedHashMap<>(); // normalized absolute -> as found
    for (Path p : paths) {
      if (Files.isRegularFile(p)) {
        if (NOT_STEPS_FILES.contains(p.getFileName().toString()) || !isStepsFile(p)) {
          throw new IllegalArgumentException(p + " is not a steps file: expected JSON lines with a 7-entry \"action\""
              + " (a run's steps.jsonl or a drill's <tag>.jsonl)");
        }
        found.putIfAbsent(p.toAbsolutePath().normalize(), p);
      } else if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
            String name = f.getFileName().toString();
            if (name.endsWith(".jsonl") && !NOT_STEPS_FILES.contains(name) && isStepsFile(f)) {
              found.putIfAbsent(f.toAbsolutePath().normalize(), f);
            }
          }
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot search " + p + ": " + e.getMessage(), e);
        }
      } else {
        throw new IllegalArgumentException("no such file or folder: " + p);
      }
    }
    if (found.isEmpty()) throw new IllegalArgumentException("no steps files (*.jsonl with an \"action\" per line) in " + paths);
    return found.values().stream().sorted(Comparator.comparing(Path::toString)).toList();
  }

  /** Whether the first non-blank line is a JSON object with a 7-entry action array. */
  static boolean isStepsFile(Path f) {
    try {
      for (String line : Jsonl.lines(f)) {
        if (line == null || line.isBlank()) continue;
        JsonNode n = JSON.readTree(line);
        JsonNode a = n == null ? null : n.get("action");
        return n != null && n.isObject() && a != null && a.isArray() && a.size() == StepRow.ACTION_DIM;
      }
      return false;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * For a {@code steps.jsonl} next to an {@code episodes.jsonl} (a run folder, possibly still running):
   * the episode indices on complete lines of {@code episodes.jsonl}; else null (every episode counts).
   */
  static Set<Integer> finishedEpisodes(Path stepsFile) {
    if (!"steps.jsonl".equals(stepsFile.getFileName().toString())) return null;
    Path eps = stepsFile.resolveSibling("episodes.jsonl");
    if (!Files.isRegularFile(eps)) return null;
    Set<Integer> out = new HashSet<>();
    Jsonl.forEach(eps, (e, no) -> {
      if (e != null && e.has("episode")) out.add(e.get("episode").asInt());
    });
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Scores

  /** Episodes with this label. */
  public long count(String label) {
    return episodes.stream().filter(e -> e.label().equals(label)).count();
  }

  /** Detection with positive = at least one predicate-check event; labels positive = faulty. */
  public MonitorScore predicateDetection() {
    return MonitorScore.of(episodes.stream().map(e -> e.firstPredicateEvent().isPresent()).toList(),
        episodes.stream().map(ScoredEpisode::faulty).toList());
  }

  /** Detection with positive = at least one event of any check; labels positive = faulty. */
  public MonitorScore anyEventDetection() {
    return MonitorScore.of(episodes.stream().map(e -> !e.events().isEmpty()).toList(),
        episodes.stream().map(ScoredEpisode::faulty).toList());
  }

  /**
   * Label × first predicate event: for each label in {@link #LABELS} order, the count of episodes
   * whose first predicate-check event is {@code none}, {@code bad_prompt}, {@code bad_unnorm} or
   * {@code no_flip} (in that order).
   */
  public Map<String, Map<String, Integer>> confusion() {
    Map<String, Map<String, Integer>> m = new LinkedHashMap<>();
    for (String l : LABELS) {
      Map<String, Integer> row = new LinkedHashMap<>();
      row.put("none", 0);
      for (String c : MonitorReplay.PREDICATE_CHECKS) row.put(c, 0);
      m.put(l, row);
    }
    for (ScoredEpisode e : episodes) {
      m.get(e.label()).merge(e.firstPredicateEvent().map(Event::monitor).orElse("none"), 1, Integer::sum);
    }
    return m;
  }

  /**
   * For each check of {@link RuntimeMonitor#CHECKS}: episodes in which it fired, by label
   * ({@link #LABELS}) and the total over faulty episodes ({@code faulty}).
   */
  public Map<String, Map<String, Integer>> checkCounts() {
    Map<String, Map<String, Integer>> m = new LinkedHashMap<>();
    for (String c : RuntimeMonitor.CHECKS) {
      Map<String, Integer> row = new LinkedHashMap<>();
      for (String l : LABELS) row.put(l, (int) episodes.stream().filter(e -> e.label().equals(l) && e.fired(c)).count());
      row.put("faulty", (int) episodes.stream().filter(e -> e.faulty() && e.fired(c)).count());
      m.put(c, row);
    }
    return m;
  }

  /** Detection delay per fault ({@link MonitorReplay#FAULTS} order), then {@code all} faulty episodes. */
  public List<Delay> delays() {
    List<Delay> out = new ArrayList<>();
    for (String f : MonitorReplay.FAULTS) out.add(delay(f, episodes.stream().filter(e -> e.label().equals(f)).toList()));
    out.add(delay("all", episodes.stream().filter(ScoredEpisode::faulty).toList()));
    return out;
  }

  private static Delay delay(String label, List<ScoredEpisode> eps) {
    List<Event> hits = eps.stream().map(e -> e.first(e.label())).flatMap(Optional::stream).toList();
    return new Delay(label, eps.size(), hits.size(), median(hits.stream().mapToInt(Event::step).toArray()),
        median(hits.stream().mapToInt(Event::policyStep).toArray()));
  }

  /** Median of the values (mean of the middle two for an even count); NaN if there are none. */
  static double median(int[] v) {
    if (v.length == 0) return Double.NaN;
    int[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
  }

  // ---------------------------------------------------------------------------------------------
  // Output

  /** The plain-text report: settings, then the five tables. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    settingsHeader(sb, settings);
    int unfinished = files.stream().mapToInt(SourceFile::unfinished).sum();
    sb.append(String.format(Locale.ROOT, "episodes: %d from %d file(s)", episodes.size(), files.size()));
    for (String l : LABELS) sb.append(String.format(Locale.ROOT, ", %s %d", l, count(l)));
    sb.append('\n');
    if (unfinished > 0) {
      sb.append(String.format(Locale.ROOT, "skipped: %d unfinished episode(s) (in steps.jsonl, not yet in episodes.jsonl)%n", unfinished));
    }
    sb.append("not replayed: token_out_of_range (the agent's token diagnostics are not logged; it never fires here)\n\n");

    sb.append("(1)(2) detection per episode (positive label = fault injected; FPR = FP / clean episodes)\n");
    sb.append(String.format(Locale.ROOT, "  %-22s %5s %5s %5s %5s %9s %7s %6s %6s%n", "predicted positive if", "TP", "FP", "FN", "TN",
        "precision", "recall", "F1", "FPR"));
    scoreLine(sb, "a predicate event", predicateDetection());
    scoreLine(sb, "any event", anyEventDetection());

    sb.append("\n(3) label x first predicate event\n");
    sb.append(String.format(Locale.ROOT, "  %-11s %5s %6s", "label", "n", "none")).append(faultColumns(null)).append('\n');
    for (Map.Entry<String, Map<String, Integer>> r : confusion().entrySet()) {
      Map<String, Integer> c = r.getValue();
      sb.append(String.format(Locale.ROOT, "  %-11s %5d %6d", r.getKey(), count(r.getKey()), c.get("none")))
          .append(faultColumns(c::get)).append('\n');
    }

    sb.append("\n(4) episodes in which each check fired\n");
    sb.append(String.format(Locale.ROOT, "  %-20s %6s", "check", "clean")).append(faultColumns(null))
        .append(String.format(Locale.ROOT, " %7s%n", "faulty"));
    sb.append(String.format(Locale.ROOT, "  %-20s %6d", "(episodes)", count("clean"))).append(faultColumns(this::count))
        .append(String.format(Locale.ROOT, " %7d%n", episodes.stream().filter(ScoredEpisode::faulty).count()));
    for (Map.Entry<String, Map<String, Integer>> r : checkCounts().entrySet()) {
      Map<String, Integer> c = r.getValue();
      String name = r.getKey() + (MonitorReplay.NOT_REPLAYABLE.contains(r.getKey()) ? "*" : "");
      sb.append(String.format(Locale.ROOT, "  %-20s %6d", name, c.get("clean"))).append(faultColumns(c::get))
          .append(String.format(Locale.ROOT, " %7d%n", c.get("faulty")));
    }
    sb.append("  * not replayable from logs\n");

    sb.append("\n(5) detection delay: first event naming the injected fault\n");
    sb.append(String.format(Locale.ROOT, "  %-11s %5s %9s %12s %19s%n", "fault", "n", "detected", "median step", "median policy step"));
    for (Delay d : delays()) {
      sb.append(String.format(Locale.ROOT, "  %-11s %5d %9d %12s %19s%n", d.label(), d.episodes(), d.detected(), num(d.medianStep(), 1),
          num(d.medianPolicyStep(), 1)));
    }
    return sb.toString();
  }

  private static void scoreLine(StringBuilder sb, String name, MonitorScore s) {
    sb.append(String.format(Locale.ROOT, "  %-22s %5d %5d %5d %5d %9s %7s %6s %6s%n", name, s.truePositives(), s.falsePositives(),
        s.falseNegatives(), s.trueNegatives(), num(s.precision(), 3), num(s.recall(), 3), num(s.f1(), 3),
        num(falsePositiveRate(s), 3)));
  }

  private static String num(double x, int decimals) {
    return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", x);
  }

  /**
   * Everything as JSON (docs/FORMATS.md, "monitor-score"): {@code settings}, {@code not_replayed},
   * {@code files}, {@code episodes} (counts by label), {@code detection}, {@code confusion},
   * {@code checks}, {@code delay}, {@code per_episode}. Reals with 6 decimals; NaN as null.
   */
  public ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode s = root.putObject("settings");
    s.put("window_steps", settings.windowSteps());
    s.put("chatter_window_steps", settings.chatterWindowSteps());
    s.put("max_gripper_flips_per_second", settings.maxGripperFlipsPerSecond());
    s.put("control_hz", settings.controlHz());
    s.put("action_limit", settings.actionLimit());
    s.set("predicate_thresholds", settings.predicateThresholds().toJson());
    MonitorReplay.NOT_REPLAYABLE.forEach(root.putArray("not_replayed")::add);
    ArrayNode fs = root.putArray("files");
    for (SourceFile f : files) fs.addObject().put("path", f.path()).put("episodes", f.episodes()).put("unfinished", f.unfinished());
    ObjectNode counts = root.putObject("episodes");
    counts.put("total", episodes.size());
    for (String l : LABELS) counts.put(l, count(l));
    counts.put("faulty", episodes.stream().filter(ScoredEpisode::faulty).count());
    counts.put("unfinished_skipped", files.stream().mapToInt(SourceFile::unfinished).sum());
    ObjectNode det = root.putObject("detection");
    score(det.putObject("predicate_event"), predicateDetection());
    score(det.putObject("any_event"), anyEventDetection());
    ObjectNode conf = root.putObject("confusion");
    confusion().forEach((l, row) -> {
      ObjectNode r = conf.putObject(l);
      row.forEach((k, v) -> r.put(k, v.intValue()));
    });
    ObjectNode checks = root.putObject("checks");
    checkCounts().forEach((c, row) -> {
      ObjectNode r = checks.putObject(c);
      row.forEach((k, v) -> r.put(k, v.intValue()));
      r.put("replayable", !MonitorReplay.NOT_REPLAYABLE.contains(c));
    });
    ObjectNode delay = root.putObject("delay");
    for (Delay d : delays()) {
      delay.putObject(d.label()).put("episodes", d.episodes()).put("detected", d.detected())
          .put("median_step", round(d.medianStep())).put("median_policy_step", round(d.medianPolicyStep()));
    }
    ArrayNode per = root.putArray("per_episode");
    for (ScoredEpisode e : episodes) {
      ObjectNode o = per.addObject();
      o.put("file", e.file()).put("episode", e.episode()).put("tag", e.tag()).put("label", e.label()).put("steps", e.steps())
          .put("policy_steps", e.policySteps());
      Optional<Event> first = e.firstPredicateEvent();
      if (first.isPresent()) o.put("first_predicate_event", first.get().monitor());
      else o.putNull("first_predicate_event");
      ArrayNode evs = o.putArray("events");
      for (Event ev : e.events()) {
        evs.addObject().put("step", ev.step()).put("policy_step", ev.policyStep()).put("monitor", ev.monitor())
            .put("evidence", ev.evidence());
      }
    }
    return root;
  }

  private static void score(ObjectNode o, MonitorScore s) {
    o.put("tp", s.truePositives()).put("fp", s.falsePositives()).put("fn", s.falseNegatives()).put("tn", s.trueNegatives());
    o.put("precision", round(s.precision())).put("recall", round(s.recall())).put("f1", round(s.f1()))
        .put("false_positive_rate", round(falsePositiveRate(s)));
  }

  /** FP / (FP + TN): the share of clean episodes flagged, in [0, 1]; NaN when there is no clean episode. */
  public static double falsePositiveRate(MonitorScore s) {
    int n = s.falsePositives() + s.trueNegatives();
    return n == 0 ? Double.NaN : (double) s.falsePositives() / n;
  }

  private static Double round(double x) {
    return Double.isFinite(x) ? Math.round(x * 1e6) / 1e6 : null;
  }

  private static void settingsHeader(StringBuilder sb, MonitorSettings s) {
    PredicateThresholds t = s.predicateThresholds();
    sb.append(String.format(Locale.ROOT,
        "monitor: window %d policy steps, chatter window %d steps, > %.2f gripper flips/s at %.0f Hz, action limit %.4f%n",
        s.windowSteps(), s.chatterWindowSteps(), s.maxGripperFlipsPerSecond(), s.controlHz(), s.actionLimit()));
    sb.append(String.format(Locale.ROOT,
        "thresholds: min_steps %d, min_median_translation %.4f, max_mode_fraction %.4f, saturation_level %.4f, "
            + "max_saturated_fraction %.4f, min_gripper_closes %d%n",
        t.minSteps(), t.minMedianTranslation(), t.maxModeFraction(), t.saturationLevel(), t.maxSaturatedFraction(),
        t.minGripperCloses()));
  }

  /** One column per injected fault, each as wide as its name plus one: the headers when {@code value} is null, else the values. */
  private static String faultColumns(java.util.function.Function<String, ? extends Number> value) {
    StringBuilder sb = new StringBuilder();
    for (String f : Fault.injectedNames()) {
      String cell = value == null ? f : String.valueOf(value.apply(f));
      sb.append(' ').append(" ".repeat(Math.max(0, f.length() + 1 - cell.length()))).append(cell);
    }
    return sb.toString();
  }
}
