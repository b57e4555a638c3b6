package org.vla4j.cli;

import org.vla4j.cli.CliRun.Result;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.runlog.LogLines;
import org.vla4j.rollout.StepRecord;

/** {@code vla4j monitor-score} on a small synthetic drill folder and a run folder still being written. */
class MonitorScoreCliTest {
  @TempDir Path tmp;

  static Result run(String... args) {
    return CliRun.run(args);
  }

  /** 10 wait steps, then 150 policy steps: off-scale dx (2.5, as under a wrong unnorm_key) if {@code saturate}, else healthy varied motion with one grasp. */
  static String episode(int episode, String tag, boolean saturate, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder();
    for (int s = 0; s < 10; s++) {
      sb.append(LogLines.step(episode, new StepRecord(episode, s, 100, new double[] {0, 0, 0, 0, 0, 0, -1}, 0, false, "wait"))).append('\n');
    }
    for (int i = 0; i < 150; i++) {
      double[] a = saturate ? new double[] {2.5, r.nextDouble(-0.5, 0.5), 0.2, 0, 0, 0, -1}
          : new double[] {r.nextDouble(-0.6, 0.6), r.nextDouble(-0.6, 0.6), r.nextDouble(-0.6, 0.6), 0, 0, 0, i < 75 ? -1 : 1};
      sb.append(LogLines.step(episode, new StepRecord(episode, 10 + i, 100, a, 0, false, tag))).append('\n');
    }
    return sb.toString();
  }

  @Test
  void scoresADrillFolderAndARunStillBeingWritten() throws Exception {
    Path drills = Files.createDirectories(tmp.resolve("drills/is0"));
    Files.writeString(drills.resolve("baseline.jsonl"), episode(0, "baseline", false, 1));
    Files.writeString(drills.resolve("bad_unnorm.jsonl"), episode(0, "bad_unnorm", true, 2));
    Files.writeString(drills.resolve("matrix.json"), "{}\n");
    Files.writeString(drills.resolve("notes.jsonl"), "{\"hello\":1}\n");
    Path runDir = Files.createDirectories(tmp.resolve("run"));
    // episode 0 finished; episode 1 is in steps.jsonl but not yet in episodes.jsonl, its last line cut
    String partial = episode(1, "tiny-vla", true, 4);
    Files.writeString(runDir.resolve("steps.jsonl"), episode(0, "tiny-vla", false, 3) + partial.substring(0, partial.length() - 40));
    Files.writeString(runDir.resolve("episodes.jsonl"), "{\"episode\":0,\"success\":false}\n{\"episode\":1,");
    Files.writeString(runDir.resolve("timings.jsonl"), "{\"episode\":0,\"wall_s\":1.0}\n");
    Files.writeString(runDir.resolve("monitor.jsonl"), "{\"episode\":0,\"step\":3,\"monitor\":\"x\",\"evidence\":\"\",\"stopped\":false}\n");
    Path json = tmp.resolve("out/score.json");

    Result r = run("monitor-score", tmp.resolve("drills").toString(), runDir.toString(), "--out", json.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("episodes: 3 from 3 file(s), clean 2, bad_prompt 0, bad_unnorm 1, no_flip 0")
        .contains("skipped: 1 unfinished episode(s)").contains("not replayed: token_out_of_range");
    JsonNode n = new ObjectMapper().readTree(json.toFile());
    assertThat(n.at("/episodes/total").asInt()).isEqualTo(3);
    assertThat(n.at("/episodes/unfinished_skipped").asInt()).isEqualTo(1);
    assertThat(n.get("files")).hasSize(3);
    assertThat(n.at("/files/0/path").asText()).endsWith("bad_unnorm.jsonl");
    JsonNode d = n.at("/detection/predicate_event");
    assertThat(new int[] {d.get("tp").asInt(), d.get("fp").asInt(), d.get("fn").asInt(), d.get("tn").asInt()})
        .containsExactly(1, 0, 0, 2);
    assertThat(d.get("precision").asDouble()).isEqualTo(1.0);
    assertThat(d.get("recall").asDouble()).isEqualTo(1.0);
    assertThat(d.get("false_positive_rate").asDouble()).isEqualTo(0.0);
    assertThat(n.at("/confusion/bad_unnorm/bad_unnorm").asInt()).isEqualTo(1);
    assertThat(n.at("/confusion/clean/none").asInt()).isEqualTo(2);
    assertThat(n.at("/checks/bad_unnorm/faulty").asInt()).isEqualTo(1);
    assertThat(n.at("/checks/bad_unnorm/clean").asInt()).isZero();
    assertThat(n.at("/checks/token_out_of_range/replayable").asBoolean()).isFalse();
    assertThat(n.at("/delay/bad_unnorm/detected").asInt()).isEqualTo(1);
    assertThat(n.at("/delay/bad_unnorm/median_step").asDouble()).isEqualTo(10 + 99);
    assertThat(n.at("/delay/bad_unnorm/median_policy_step").asDouble()).isEqualTo(100);
    assertThat(n.at("/delay/no_flip/median_step").isNull()).isTrue();
    assertThat(n.at("/detection/any_event/precision").asDouble()).isEqualTo(1.0);

    // same input, same bytes
    Path again = tmp.resolve("again.json");
    assertThat(run("monitor-score", runDir.toString(), tmp.resolve("drills").toString(), "--out", again.toString()).code()).isZero();
    assertThat(Files.readString(again)).isEqualTo(Files.readString(json));

    // a smaller window detects earlier
    Result w = run("monitor-score", drills.resolve("bad_unnorm.jsonl").toString(), "--window", "50");
    assertThat(w.code()).isZero();
    assertThat(w.out()).containsPattern("bad_unnorm\\s+1\\s+1\\s+59\\.0\\s+50\\.0");
  }

  @Test
  void badInputExitsTwo() throws Exception {
    Path eps = Files.writeString(tmp.resolve("episodes.jsonl"), "{\"episode\":0}\n");
    assertThat(run("monitor-score", eps.toString()).err()).contains("is not a steps file");
    assertThat(run("monitor-score", tmp.resolve("missing").toString()).code()).isEqualTo(2);
    assertThat(run("monitor-score", tmp.toString()).err()).contains("no steps files");
    Path ok = Files.writeString(tmp.resolve("b.jsonl"), episode(0, "baseline", false, 1));
    assertThat(run("monitor-score", ok.toString(), "--window", "0").err()).contains("window must be >= 1");
  }
}
