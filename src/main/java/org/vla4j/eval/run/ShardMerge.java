package org.vla4j.eval.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.vla4j.eval.plan.Shard;
import org.vla4j.eval.stats.EvalSummary;
import org.vla4j.runlog.EpisodeOutcome;
import org.vla4j.runlog.JsonFiles;
import org.vla4j.runlog.LoggedEpisode;
import org.vla4j.runlog.RunFolder;
import org.vla4j.runlog.RunLogs;
import org.vla4j.runlog.ShardFiles;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;

/**
 * {@code vla4j merge SHARD… --out DIR}: one run folder from the shards of one plan ({@code eval
 * --shard i/N}). It checks that every shard comes from the same plan (config.json's {@code plan}
 * without its {@code shard}) and the same setup (vla4j version and commit, MuJoCo version, processor
 * pipeline, and the fingerprint's result-changing keys: renderer, render settings, suite, model files), that shards 0..N−1 are all there once and each complete, then writes the logs in
 * episode order ({@link ShardFiles}: {@code steps.jsonl} and {@code episodes.jsonl} byte-identical
 * to the unsharded run's), config.json (the first shard's, unsharded, with {@code merged_from}) and
 * summary.json (the rates over all episodes; {@code wall_s} is the shards' total).
 */
public final class ShardMerge {
  /** config.json fields that must agree between shards besides the plan. */
  static final List<String> SETUP_FIELDS = List.of("vla4j_version", "git_commit", "mujoco_version", "pipeline");

  /**
   * Fingerprint keys that must agree between shards: what changes results ({@link
   * Fingerprint#RESULT_CHANGING}) and the vla4j build. The machines themselves (CPU, OS, JDK build)
   * may differ: that is what sharding is for.
   */
  static final List<String> SHARD_FINGERPRINT = java.util.stream.Stream.concat(Fingerprint.RESULT_CHANGING.stream(),
      java.util.stream.Stream.of("vla4j_version", "git_commit")).toList();

  private ShardMerge() {}

  /**
   * Merges and returns the summary.
   *
   * @throws IllegalArgumentException if a folder is not a shard, the shards do not belong together
   *     (each difference named), one is missing, duplicated or incomplete (named, with how to resume
   *     it), or {@code out} is not a new or empty folder
   */
  public static EvalSummary merge(List<Path> shards, Path out) {
    if (shards.isEmpty()) throw new IllegalArgumentException("give the shard run folders to merge");
    Map<Integer, Path> byIndex = new TreeMap<>();
    JsonNode first = null;
    ObjectNode firstPlan = null;
    int count = -1;
    for (Path dir : shards) {
      JsonNode config = RunLogs.config(dir);
      JsonNode plan = config.path("plan");
      if (!plan.hasNonNull("shard")) {
        throw new IllegalArgumentException(dir + " is not a shard: its config.json plan has no 'shard' (only runs of eval --shard I/N merge)");
      }
      Shard s = Shard.parse(plan.get("shard").asText());
      ObjectNode unsharded = ((ObjectNode) plan.deepCopy());
      unsharded.remove("shard");
      if (first == null) {
        first = config;
        firstPlan = unsharded;
        count = s.count();
      } else {
        List<String> diffs = new ArrayList<>();
        if (!unsharded.equals(firstPlan)) diffs.add("plan " + unsharded + " vs " + firstPlan);
        if (s.count() != count) diffs.add("shard count " + s.count() + " vs " + count);
        for (String f : SETUP_FIELDS) {
          if (!config.path(f).equals(first.path(f))) diffs.add(f + " " + config.path(f) + " vs " + first.path(f));
        }
        if (config.path("fingerprint").isObject() && first.path("fingerprint").isObject()) {
          diffs.addAll(Fingerprint.diff(first.path("fingerprint"), config.path("fingerprint"), SHARD_FINGERPRINT));
        }
        if (!diffs.isEmpty()) {
          throw new IllegalArgumentException(dir + " does not belong with " + shards.getFirst() + ": " + String.join("; ", diffs));
        }
      }
      Path before = byIndex.put(s.index(), dir);
      if (before != null) throw new IllegalArgumentException("shard " + s + " given twice: " + before + " and " + dir);
      int planned = config.path("episodes").asInt(-1);
      int written = RunLogs.episodes(dir).size();
      if (written != planned || RunLogs.summaryOrNull(dir) == null) {
        throw new IllegalArgumentException("shard " + s + " in " + dir + " is incomplete: " + written + " of " + planned
            + " episodes written; finish it with its eval command plus --resume, then merge again");
      }
    }
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < count; i++) if (!byIndex.containsKey(i)) missing.add(i);
    if (!missing.isEmpty()) {
      int n = count;
      throw new IllegalArgumentException("shard(s) " + missing.stream().map(i -> i + "/" + n).toList() + " missing; run them with"
          + " the same eval command and --shard I/" + n + ", then merge again");
    }
    requireEmpty(out);
    List<Path> ordered = List.copyOf(byIndex.values());
    ShardFiles.merge(ordered, out);

    ObjectNode config = first.deepCopy();
    config.set("plan", firstPlan);
    List<EpisodeOutcome> outcomes = new ArrayList<>();
    double wall = 0;
    for (Path dir : ordered) wall += RunLogs.summaryOrNull(dir).path("wall_s").asDouble(0);
    for (LoggedEpisode e : RunLogs.episodes(out)) outcomes.add(new EpisodeOutcome(e.episode(), e.taskId(), e.success()));
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i).index() != i) throw new IllegalStateException("merged episodes are not 0.." + (outcomes.size() - 1));
    }
    config.put("episodes", outcomes.size());
    var from = config.putArray("merged_from");
    ordered.forEach(p -> from.add(p.toString()));
    JsonFiles.write(out.resolve(RunFolder.CONFIG), config);
    Suite suite = RunConfig.suite(firstPlan);
    List<Integer> taskIds = new ArrayList<>();
    firstPlan.path("task_ids").forEach(t -> taskIds.add(t.asInt()));
    EvalSummary summary = EvalSummary.of(suite, firstPlan.path("policy").asText(), taskIds, outcomes, wall, outcomes.size());
    JsonFiles.write(out.resolve(RunFolder.SUMMARY), summary.toJson());
    return summary;
  }

  private static void requireEmpty(Path dir) {
    try {
      if (Files.exists(dir)) {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--out " + dir + " is a file, not a folder");
        try (Stream<Path> s = Files.list(dir)) {
          if (s.findAny().isPresent()) throw new IllegalArgumentException("--out " + dir + " is not empty; give a new folder");
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }
}
