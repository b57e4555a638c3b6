package org.vla4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vla4j.data.LeRobotDataset.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.cli.CliRun;
import org.vla4j.cli.CliRun.Result;
import org.vla4j.policy.steps.normalize.NormalizationStatistics;
import org.vla4j.policy.steps.normalize.StatisticsJson;
import org.vla4j.sim.suite.InitStateGenerator;
import org.vla4j.sim.suite.InitStates;
import org.vla4j.sim.suite.Suites;
import org.vla4j.sim.suite.TaskScene;

/**
 * {@code vla4j collect} end to end on the real simulator: 2 tasks × 2 episodes at 32×32, once with
 * one worker and once with two. Determinism is checked as byte-identical files (every file of the
 * dataset, parquet included), the strongest form.
 */
class CollectTest {
  @TempDir static Path tmp;
  static Path one, two;
  static String err1;

  static Result cli(String... args) {
    return CliRun.run(args);
  }

  static Result collect(Path out, int workers) {
    return cli("collect", "--suite", "object", "--tasks", "2,5", "--episodes-per-task", "2", "--seed", "7",
        "--image-size", "32", "--workers", Integer.toString(workers), "--no-progress", "--out", out.toString());
  }

  @BeforeAll
  static void collectTwice() {
    one = tmp.resolve("w1");
    two = tmp.resolve("w2");
    Result r1 = collect(one, 1);
    assertThat(r1.code()).as(r1.err()).isZero();
    err1 = r1.err();
    Result r2 = collect(two, 2);
    assertThat(r2.code()).as(r2.err()).isZero();
  }

  static Map<String, String> digests(Path root) throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        m.put(root.relativize(p).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
      }
    }
    return m;
  }

  @Test
  void oneAndTwoWorkersWriteByteIdenticalDatasets() throws Exception {
    Map<String, String> a = digests(one), b = digests(two);
    assertThat(a.keySet()).contains("meta/info.json", "meta/stats.json", "meta/tasks.parquet",
        "meta/episodes/chunk-000/file-000.parquet", "data/chunk-000/file-000.parquet", "dataset_statistics.json");
    assertThat(b).isEqualTo(a);
  }

  @Test
  void infoJsonDescribesTheDataset() throws Exception {
    JsonNode info = LeRobotWriter.JSON.readTree(one.resolve(INFO_PATH).toFile());
    List<Group> rows = ParquetIo.read(one.resolve(dataPath(0, 0)), List.of(EPISODE_INDEX, INDEX, FRAME_INDEX, TASK_INDEX, TIMESTAMP));
    List<Group> episodes = ParquetIo.read(one.resolve(EPISODES_PATH), List.of());
    assertThat(info.get("codebase_version").asText()).isEqualTo("v3.0");
    assertThat(info.get("fps").asInt()).isEqualTo(20);
    assertThat(info.get("robot_type").asText()).isEqualTo("panda");
    assertThat(info.get("total_frames").asLong()).isEqualTo(rows.size());
    assertThat(info.get("total_episodes").asInt()).isEqualTo(episodes.size()).isBetween(1, 4);
    assertThat(info.get("total_tasks").asInt()).isEqualTo(2);
    assertThat(info.get("splits").get("train").asText()).isEqualTo("0:" + episodes.size());
    assertThat(info.get("data_path").asText()).isEqualTo(DATA_PATH);
    assertThat(info.get("video_path").isNull()).isTrue();
    assertThat(info.get("features").get(AGENTVIEW).get("shape").toString()).isEqualTo("[32,32,3]");
    assertThat(info.get("features").get(WRIST).get("dtype").asText()).isEqualTo("image");
    assertThat(info.get("features").get(STATE).get("shape").toString()).isEqualTo("[8]");
    assertThat(info.get("features").get(ACTION).get("shape").toString()).isEqualTo("[7]");
    JsonNode v = info.get("vla4j");
    assertThat(v.get("image_orientation").asText()).isEqualTo("opengl_bottom_up");
    assertThat(v.get("init_state_stream").asText()).isEqualTo("TRAIN");
    assertThat(v.get("controller_input_max").asDouble()).isEqualTo(1.0);
    assertThat(v.get("mujoco_version").asText()).isEqualTo("3.14.0");
    assertThat(v.get("episodes_kept").asInt() + v.get("episodes_failed").asInt()).isEqualTo(4);
    assertThat(v.get("episodes_kept").asInt()).isEqualTo(episodes.size());
    assertThat(err1).contains("kept").contains("failed");
  }

  @Test
  void dataFilesHaveLeRobotTypesAndConsistentIndices() throws Exception {
    MessageType schema = ParquetIo.schema(one.resolve(dataPath(0, 0)));
    assertThat(schema.getFields().stream().map(f -> f.getName()).toList()).isEqualTo(DATA_COLUMNS);
    assertThat(schema.getType(TIMESTAMP).asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.FLOAT);
    for (String c : List.of(FRAME_INDEX, EPISODE_INDEX, INDEX, TASK_INDEX)) {
      assertThat(schema.getType(c).asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
    }
    for (String c : List.of(STATE, ACTION)) {
      assertThat(schema.getType(c).getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.listType());
      assertThat(schema.getType(c).asGroupType().getType(0).asGroupType().getType(0).asPrimitiveType().getPrimitiveTypeName())
          .isEqualTo(PrimitiveTypeName.FLOAT);
    }
    assertThat(schema.getType(AGENTVIEW).asGroupType().getFieldName(0)).isEqualTo("bytes");
    assertThat(schema.getType(AGENTVIEW).asGroupType().getFieldName(1)).isEqualTo("path");

    List<Group> rows = ParquetIo.read(one.resolve(dataPath(0, 0)), List.of());
    List<Group> episodes = ParquetIo.read(one.resolve(EPISODES_PATH), List.of());
    List<Group> tasks = ParquetIo.read(one.resolve(TASKS_PATH), List.of());
    assertThat(tasks).hasSize(2);
    assertThat(tasks.get(1).getString("task", 0)).isEqualTo(Suites.get("object").task(5).instruction());
    long index = 0;
    for (int e = 0; e < episodes.size(); e++) {
      Group ep = episodes.get(e);
      assertThat(ep.getLong(EPISODE_INDEX, 0)).isEqualTo(e);
      assertThat(ep.getLong("dataset_from_index", 0)).isEqualTo(index);
      long len = ep.getLong("length", 0);
      assertThat(ep.getLong("dataset_to_index", 0)).isEqualTo(index + len);
      String task = ParquetIo.stringList(ep, "tasks").getFirst();
      for (int f = 0; f < len; f++) {
        Group r = rows.get((int) index);
        assertThat(r.getLong(INDEX, 0)).isEqualTo(index);
        assertThat(r.getLong(EPISODE_INDEX, 0)).isEqualTo(e);
        assertThat(r.getLong(FRAME_INDEX, 0)).isEqualTo(f);
        assertThat(r.getFloat(TIMESTAMP, 0)).isEqualTo((float) f / 20);
        assertThat(tasks.get((int) r.getLong(TASK_INDEX, 0)).getString("task", 0)).isEqualTo(task);
        assertThat(ParquetIo.floatList(r, STATE)).hasSize(8);
        float[] a = ParquetIo.floatList(r, ACTION);
        assertThat(a).hasSize(7);
        assertThat(a[6]).isIn(-1f, 1f);
        Png.Rgb img = Png.decodeRgb(r.getGroup(AGENTVIEW, 0).getBinary("bytes", 0).getBytes());
        assertThat(img.width()).isEqualTo(32);
        assertThat(img.height()).isEqualTo(32);
        assertThat(r.getGroup(WRIST, 0).getFieldRepetitionCount("path")).as("path is null").isZero();
        index++;
      }
    }
    assertThat(index).isEqualTo(rows.size());
  }

  @Test
  void statsComputeOnTheDatasetMatchesWhatCollectWrote() throws Exception {
    Path out = tmp.resolve("recomputed.json");
    Result r = cli("stats", "compute", "--dataset", one.toString(), "--unnorm-key", "vla4j_object", "--output", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    NormalizationStatistics written = StatisticsJson.read(one.resolve(OPENVLA_STATS_PATH));
    NormalizationStatistics recomputed = StatisticsJson.read(out);
    assertThat(recomputed.datasets()).isEqualTo(written.datasets());
    assertThat(written.datasets().get("vla4j_object").action().mask()).containsExactly(true, true, true, true, true, true, false);
    assertThat(Files.readString(out)).isEqualTo(Files.readString(one.resolve(OPENVLA_STATS_PATH)));
  }

  @Test
  void statsMergeUnionsKeysAndRefusesDuplicates() throws Exception {
    Path a = one.resolve(OPENVLA_STATS_PATH), b = tmp.resolve("b.json"), merged = tmp.resolve("merged.json");
    assertThat(cli("stats", "compute", "--dataset", one.toString(), "--unnorm-key", "vla4j_object_coarse", "--output", b.toString()).code()).isZero();
    Result ok = cli("stats", "merge", a.toString(), b.toString(), "--out", merged.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(StatisticsJson.read(merged).datasets().keySet()).containsExactly("vla4j_object", "vla4j_object_coarse");
    Result dup = cli("stats", "merge", a.toString(), two.resolve(OPENVLA_STATS_PATH).toString(), "--out", tmp.resolve("x.json").toString());
    assertThat(dup.code()).isEqualTo(2);
    assertThat(dup.err()).contains("vla4j_object").contains(a.toString()).contains(two.resolve(OPENVLA_STATS_PATH).toString());
  }

  @Test
  void trainInitStatesAreNotTheStoredEvalStates() {
    for (int task : new int[] {2, 5}) {
      List<double[]> eval = InitStates.load(Suites.get("object"), task).states();
      try (TaskScene scene = TaskScene.build(Suites.get("object"), task)) {
        for (int k = 0; k < 2; k++) {
          double[] train = InitStateGenerator.generate(scene, InitStateGenerator.Stream.TRAIN, InitStateGenerator.SUITE_SEED, k);
          for (double[] e : eval) assertThat(train).isNotEqualTo(e);
        }
      }
    }
  }

  @Test
  void refusesANonEmptyOutputFolderAndAMissingKeyForAnotherController() throws IOException {
    Result r = collect(one, 1);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not empty");
    Result k = cli("collect", "--episodes-per-task", "1", "--controller-input-max", "4", "--out", tmp.resolve("new").toString());
    assertThat(k.code()).isEqualTo(2);
    assertThat(k.err()).contains("--dataset-key");
  }

  @Test
  void whenEveryEpisodeFailsItSaysSoAndExitsWithOne() {
    Result r = cli("collect", "--tasks", "0", "--episodes-per-task", "1", "--image-size", "8", "--push-prob", "1",
        "--push-steps", "1000", "--no-progress", "--out", tmp.resolve("fails").toString());
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).contains("every episode failed");
  }

  @Test
  void theWriterStartsANewDataFileWhenTheLimitIsReached() throws Exception {
    Path root = tmp.resolve("small-files");
    byte[] png = Png.encodeRgb(new byte[2 * 2 * 3], 2, 2);
    long[][][] hist = new long[2][3][256];
    for (long[][] c : hist) for (long[] ch : c) ch[0] = 4;
    try (LeRobotWriter w = new LeRobotWriter(root, 2, List.of("t"), 1)) {
      for (int e = 0; e < 3; e++) {
        var f = new Episode.Frame(png, png, new float[8], new float[] {e, 0, 0, 0, 0, 0, -1});
        w.add(new Episode(0, "t", e, List.of(f, f), hist), 0);
      }
      w.finish(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), "k");
    }
    List<Group> episodes = ParquetIo.read(root.resolve(EPISODES_PATH), List.of());
    for (int e = 0; e < 3; e++) assertThat(episodes.get(e).getLong("data/file_index", 0)).isEqualTo(e);
    assertThat(root.resolve(dataPath(0, 2))).exists();
    assertThat(LeRobotReader.trajectories(root)).hasSize(3);
  }
}
