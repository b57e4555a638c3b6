package org.vla4j.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.eval.plan.Shard;
import org.vla4j.policy.steps.Fault;
import org.vla4j.runlog.RunLogs;

/** Shards partition a plan; merging them gives the unsharded run's logs byte for byte; bad sets of shards are named. */
class ShardMergeTest {
  @TempDir Path tmp;

  static EvalRequest request(Path out, Shard shard, boolean resume) {
    return new EvalRequest("object", "expert", "0,3,9", 4, "5-7", 7, out, resume, 2, List.of(), Fault.NONE, MonitorChoice.OFF, null,
        shard);
  }

  List<Path> shards(int n) {
    List<Path> dirs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path d = tmp.resolve("shard" + i);
      new Evaluation(FakeRunners.plain()).run(request(d, new Shard(i, n), false), EvalListener.NONE);
      dirs.add(d);
    }
    return dirs;
  }

  @Test
  void mergedShardsAreTheUnshardedRunByteForByte() throws Exception {
    Path whole = tmp.resolve("whole");
    new Evaluation(FakeRunners.plain()).run(request(whole, Shard.ALL, false), EvalListener.NONE);
    for (int n : new int[] {2, 5}) {
      List<Path> parts = shards(n);
      assertThat(parts.stream().mapToInt(p -> RunLogs.episodes(p).size()).sum()).isEqualTo(12);
      Path merged = tmp.resolve("merged" + n);
      ShardMerge.merge(parts.reversed(), merged);
      for (String f : List.of("steps.jsonl", "episodes.jsonl")) {
        assertThat(Files.readAllBytes(merged.resolve(f))).as(f + " with " + n + " shards").isEqualTo(Files.readAllBytes(whole.resolve(f)));
      }
      assertThat(RunLogs.config(merged).path("plan")).isEqualTo(RunLogs.config(whole).path("plan"));
      assertThat(RunLogs.summaryOrNull(merged).path("overall")).isEqualTo(RunLogs.summaryOrNull(whole).path("overall"));
      for (Path p : parts) deleteTree(p);
    }
  }

  @Test
  void missingDuplicatedOrForeignShardsAreRefusedByName() throws Exception {
    List<Path> parts = shards(3);
    assertThatThrownBy(() -> ShardMerge.merge(List.of(parts.get(0), parts.get(2)), tmp.resolve("m1")))
        .hasMessageContaining("[1/3] missing");
    assertThatThrownBy(() -> ShardMerge.merge(List.of(parts.get(0), parts.get(0)), tmp.resolve("m2")))
        .hasMessageContaining("shard 0/3 given twice");
    Path other = tmp.resolve("other");
    new Evaluation(FakeRunners.plain()).run(new EvalRequest("object", "expert", "0,3,9", 4, "5-7", 8, other, false, 2, List.of(),
        Fault.NONE, MonitorChoice.OFF, null, new Shard(1, 3)), EvalListener.NONE);
    assertThatThrownBy(() -> ShardMerge.merge(List.of(parts.get(0), other, parts.get(2)), tmp.resolve("m3")))
        .hasMessageContaining("does not belong").hasMessageContaining("seed");
    Path whole = tmp.resolve("whole");
    new Evaluation(FakeRunners.plain()).run(request(whole, Shard.ALL, false), EvalListener.NONE);
    assertThatThrownBy(() -> ShardMerge.merge(List.of(whole), tmp.resolve("m4"))).hasMessageContaining("is not a shard");
  }

  @Test
  void anIncompleteShardIsNamedAndResumes() throws Exception {
    List<Path> parts = shards(2);
    Path eps = parts.get(1).resolve("episodes.jsonl");
    List<String> lines = Files.readAllLines(eps);
    Files.write(eps, lines.subList(0, 3)); // as if killed after 3 of its 6 episodes
    Files.delete(parts.get(1).resolve("summary.json"));
    assertThatThrownBy(() -> ShardMerge.merge(parts, tmp.resolve("m"))).hasMessageContaining("shard 1/2")
        .hasMessageContaining("incomplete: 3 of 6");
    new Evaluation(FakeRunners.plain()).run(request(parts.get(1), new Shard(1, 2), true), EvalListener.NONE);
    assertThat(Files.readAllLines(eps)).isEqualTo(lines);
    ShardMerge.merge(parts, tmp.resolve("m"));
    assertThat(RunLogs.episodes(tmp.resolve("m"))).hasSize(12);
  }

  @Test
  void shardsParseAndPartition() {
    assertThat(Shard.parse("2/4")).isEqualTo(new Shard(2, 4));
    assertThatThrownBy(() -> Shard.parse("4/4")).hasMessageContaining("0 ≤ I < N");
    assertThatThrownBy(() -> Shard.parse("one")).hasMessageContaining("is not I/N");
  }

  static void deleteTree(Path p) throws Exception {
    try (var s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
    }
  }
}
