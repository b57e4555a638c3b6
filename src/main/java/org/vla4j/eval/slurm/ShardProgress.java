package org.vla4j.eval.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vla4j.runlog.JsonFiles;
import org.vla4j.runlog.RunLogs;

/**
 * How far a run of {@code vla4j slurm} has got, read from its run folders only (no Slurm command
 * needed, so it works from any machine that mounts the run folder): per shard the episodes written
 * and planned and whether it finished (summary.json written), and whether the merge wrote
 * {@code RUN/merged}.
 *
 * @param run the run folder of {@code vla4j slurm}
 * @param shards one row per shard, by index
 * @param shardsJob the array job's id, or null if never submitted (a {@code --dry-run})
 * @param mergeJob the merge job's id, or null
 * @param merged whether {@code RUN/merged} holds a finished merged run
 */
public record ShardProgress(Path run, List<Shard> shards, String shardsJob, String mergeJob, boolean merged) {
  /**
   * One shard.
   *
   * @param index I of {@code --shard I/N}
   * @param planned episodes in this shard of the plan
   * @param written episodes completely written so far (0 before its task started)
   * @param started whether its run folder exists
   * @param finished whether its summary.json is written
   */
  public record Shard(int index, int planned, int written, boolean started, boolean finished) {}

  public ShardProgress {
    shards = List.copyOf(shards);
  }

  /**
   * Reads the progress of the run in {@code run}.
   *
   * @throws IllegalArgumentException if {@code run} is not a run folder of {@code vla4j slurm}
   */
  public static ShardProgress read(Path run) {
    Path state = run.resolve(SlurmJob.SLURM).resolve(SlurmJob.STATE);
    if (!Files.isRegularFile(state)) {
      throw new IllegalArgumentException(run + " is not a run folder of vla4j slurm: it has no " + run.relativize(state));
    }
    JsonNode s = JsonFiles.read(state);
    List<Shard> rows = new ArrayList<>();
    JsonNode planned = s.path("planned");
    for (int i = 0; i < s.path("shards").asInt(); i++) {
      Path d = SlurmJob.shardDir(run, i);
      boolean started = Files.isRegularFile(d.resolve("config.json"));
      int written = Files.isRegularFile(d.resolve("episodes.jsonl")) ? RunLogs.episodes(d).size() : 0;
      rows.add(new Shard(i, planned.path(i).asInt(), written, started, started && RunLogs.summaryOrNull(d) != null));
    }
    Path m = SlurmJob.mergedDir(run);
    return new ShardProgress(run, rows, text(s, "shards_job"), text(s, "merge_job"), RunLogs.summaryOrNull(m) != null);
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }

  /** Episodes written over all shards. */
  public int written() {
    return shards.stream().mapToInt(Shard::written).sum();
  }

  /** Episodes planned over all shards. */
  public int planned() {
    return shards.stream().mapToInt(Shard::planned).sum();
  }

  /** Shards whose summary.json is written. */
  public long finished() {
    return shards.stream().filter(Shard::finished).count();
  }
}
