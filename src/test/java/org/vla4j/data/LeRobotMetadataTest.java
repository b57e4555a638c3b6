package org.vla4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vla4j.data.LeRobotDataset.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.cli.CliRun;
import org.vla4j.cli.CliRun.Result;

/**
 * The footer metadata LeRobot's readers depend on, read back the way they read it but without
 * Python: the footer's key-value metadata (parquet-java's reader), parsed as JSON and checked
 * against the file's own schema and rows and meta/info.json. Also {@code vla4j dataset upgrade}:
 * a dataset without the metadata gets it with the data bytes untouched.
 */
class LeRobotMetadataTest {
  static final List<String> TASKS = List.of("pick up the alphabet soup and place it in the basket", "put the crème cheese in the basket");

  @TempDir Path tmp;
  Path root;

  /** 3 episodes (tasks 0, 1, 0) of 2–4 frames, 2×2 images, one data file per episode. */
  static void write(Path root) throws IOException {
    long[][][] hist = new long[2][3][256];
    for (long[][] c : hist) for (long[] ch : c) ch[7] = 4;
    int[] taskOf = {0, 1, 0};
    try (LeRobotWriter w = new LeRobotWriter(root, 2, TASKS, 1)) {
      for (int e = 0; e < 3; e++) {
        List<Episode.Frame> frames = new ArrayList<>();
        for (int t = 0; t < 2 + e; t++) {
          byte[] rgb = new byte[2 * 2 * 3];
          Arrays.fill(rgb, (byte) (10 * e + t));
          byte[] png = Png.encodeRgb(rgb, 2, 2);
          float[] state = new float[8];
          Arrays.fill(state, e + t / 10f);
          frames.add(new Episode.Frame(png, png, state, new float[] {e, t, 0, 0, 0, 0, -1}));
        }
        w.add(new Episode(taskOf[e], TASKS.get(taskOf[e]), e, frames, hist), taskOf[e]);
      }
      ObjectNode v = JsonNodeFactory.instance.objectNode();
      v.put("image_orientation", ORIENTATION);
      v.put("seed", 7);
      w.finish(v, "k");
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    root = tmp.resolve("ds");
    write(root);
  }

  static List<Path> dataFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root.resolve("data"))) {
      return s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
    }
  }

  static JsonNode json(String s) throws IOException {
    return LeRobotWriter.JSON.readTree(s);
  }

  @Test
  void tasksParquetPandasMetadataMakesTheInstructionTheIndexAndKeepsTaskIndexAColumn() throws Exception {
    Path tasks = root.resolve(TASKS_PATH);
    Map<String, String> kv = ParquetIo.keyValueMetadata(tasks);
    assertThat(kv).containsKey("pandas");
    JsonNode pandas = json(kv.get("pandas"));
    MessageType schema = ParquetIo.schema(tasks);

    // What pyarrow's to_pandas does with it: every described column is a file column of a
    // matching type; the index_columns become the index, the others the frame's columns.
    List<String> indexColumns = new ArrayList<>();
    pandas.get("index_columns").forEach(n -> indexColumns.add(n.asText()));
    assertThat(indexColumns).containsExactly("task");
    List<String> described = new ArrayList<>();
    for (JsonNode c : pandas.get("columns")) {
      String field = c.get("field_name").asText();
      described.add(field);
      assertThat(c.get("name").asText()).isEqualTo(field);
      Type t = schema.getType(field);
      switch (c.get("pandas_type").asText()) {
        case "int64" -> assertThat(t.asPrimitiveType().getPrimitiveTypeName()).as(field).isEqualTo(PrimitiveTypeName.INT64);
        case "unicode" -> {
          assertThat(t.asPrimitiveType().getPrimitiveTypeName()).as(field).isEqualTo(PrimitiveTypeName.BINARY);
          assertThat(t.getLogicalTypeAnnotation()).as(field).isEqualTo(LogicalTypeAnnotation.stringType());
        }
        default -> throw new AssertionError("unexpected pandas_type " + c);
      }
    }
    assertThat(described).isEqualTo(schema.getFields().stream().map(Type::getName).toList());
    assertThat(pandas.get("column_indexes")).hasSize(1);

    List<Group> rows = ParquetIo.read(tasks, List.of());
    List<String> index = rows.stream().map(g -> g.getString(indexColumns.get(0), 0)).toList();
    List<String> dataColumns = described.stream().filter(c -> !indexColumns.contains(c)).toList();
    assertThat(index).isEqualTo(TASKS);
    assertThat(dataColumns).containsExactly(TASK_INDEX);
    assertThat(rows.stream().map(g -> g.getLong(TASK_INDEX, 0)).toList()).containsExactly(0L, 1L);
  }

  @Test
  void everyDataFileCarriesHuggingfaceFeaturesThatMatchInfoJsonAndTheColumns() throws Exception {
    JsonNode infoFeatures = LeRobotWriter.JSON.readTree(root.resolve(INFO_PATH).toFile()).get("features");
    List<Path> files = dataFiles(root);
    assertThat(files).hasSize(3);
    for (Path f : files) {
      JsonNode hf = json(ParquetIo.keyValueMetadata(f).get("huggingface")).get("info").get("features");
      MessageType schema = ParquetIo.schema(f);
      assertThat(names(hf)).as(f.toString()).isEqualTo(names(infoFeatures)).isEqualTo(schema.getFields().stream().map(Type::getName).toList());
      List<Group> rows = ParquetIo.read(f, List.of());
      for (Iterator<Map.Entry<String, JsonNode>> it = hf.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String name = e.getKey();
        JsonNode h = e.getValue(), info = infoFeatures.get(name);
        Type col = schema.getType(name);
        switch (h.get("_type").asText()) {
          case "Image" -> {
            assertThat(info.get("dtype").asText()).isEqualTo("image");
            GroupType g = col.asGroupType();
            assertThat(g.getFields().stream().map(Type::getName).toList()).containsExactly("bytes", "path");
            for (Group r : rows) {
              byte[] png = r.getGroup(name, 0).getBinary("bytes", 0).getBytes();
              assertThat(Arrays.copyOf(png, 4)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
            }
          }
          case "List" -> {
            assertThat(h.get("feature").get("_type").asText()).isEqualTo("Value");
            assertThat(h.get("feature").get("dtype").asText()).isEqualTo(info.get("dtype").asText()).isEqualTo("float32");
            int length = h.get("length").asInt();
            assertThat(length).as(name).isEqualTo(info.get("shape").get(0).asInt()).isGreaterThan(1);
            assertThat(col.asGroupType().getType(0).asGroupType().getType(0).asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.FLOAT);
            for (Group r : rows) assertThat(ParquetIo.floatList(r, name)).as(name).hasSize(length);
          }
          case "Value" -> {
            String dtype = h.get("dtype").asText();
            assertThat(dtype).isEqualTo(info.get("dtype").asText());
            assertThat(info.get("shape").toString()).isEqualTo("[1]");
            assertThat(col.asPrimitiveType().getPrimitiveTypeName()).as(name)
                .isEqualTo(dtype.equals("float32") ? PrimitiveTypeName.FLOAT : PrimitiveTypeName.INT64);
          }
          default -> throw new AssertionError("unexpected feature " + h);
        }
      }
    }
  }

  static List<String> names(JsonNode o) {
    List<String> out = new ArrayList<>();
    o.fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** The JSON, byte for byte, that HF datasets 5.0.1 writes for these features (json.dumps of Features.to_dict()). */
  @Test
  void huggingfaceEntryIsWhatDatasetsWritesForTheSameFeatures() throws Exception {
    String info = """
        {"img": {"dtype": "image", "shape": [4, 4, 3], "names": ["height", "width", "channel"]},
         "vid": {"dtype": "video", "shape": [4, 4, 3], "names": null},
         "s": {"dtype": "float32", "shape": [8], "names": null},
         "t": {"dtype": "float32", "shape": [1], "names": null},
         "i": {"dtype": "int64", "shape": [1], "names": null}}""";
    assertThat(LeRobotMetadata.dataHuggingface(json(info))).isEqualTo(
        "{\"info\": {\"features\": {\"img\": {\"_type\": \"Image\"}, \"s\": {\"feature\": {\"dtype\": \"float32\", \"_type\": \"Value\"}, "
            + "\"length\": 8, \"_type\": \"List\"}, \"t\": {\"dtype\": \"float32\", \"_type\": \"Value\"}, \"i\": {\"dtype\": \"int64\", \"_type\": \"Value\"}}}}");
    assertThatThrownBy(() -> LeRobotMetadata.dataHuggingface(json("{\"m\": {\"dtype\": \"float32\", \"shape\": [2, 3]}}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'m'").hasMessageContaining("[2,3]");
    assertThatThrownBy(() -> LeRobotMetadata.dataHuggingface(json("{\"m\": {\"dtype\": \"float32\"}}")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'m' has no dtype or shape");
  }

  @Test
  void pythonJsonEscapesAsJsonDumpsDoes() throws Exception {
    assertThat(LeRobotMetadata.pythonJson(json("{\"a\": [1, null, true], \"b\": \"cr\\u00e8me \\\"x\\\"\\n\"}")))
        .isEqualTo("{\"a\": [1, null, true], \"b\": \"cr\\u00e8me \\\"x\\\"\\n\"}");
  }

  @Test
  void theVla4jBlockAlsoLivesInItsOwnFile() throws Exception {
    JsonNode info = LeRobotWriter.JSON.readTree(root.resolve(INFO_PATH).toFile());
    JsonNode own = LeRobotWriter.JSON.readTree(root.resolve(VLA4J_PATH).toFile());
    assertThat(own.get("seed").asInt()).isEqualTo(7);
    assertThat(own).isEqualTo(info.get("vla4j"));
  }

  static Map<String, byte[]> bytes(Path root) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) m.put(root.relativize(p).toString(), Files.readAllBytes(p));
    }
    return m;
  }

  /** A dataset as older vla4j versions wrote it: no footer metadata, no meta/vla4j.json. */
  static void makeOld(Path root) throws IOException {
    for (Path f : dataFiles(root)) ParquetIo.removeKeyValueMetadata(f, List.of("huggingface"));
    ParquetIo.removeKeyValueMetadata(root.resolve(TASKS_PATH), List.of("pandas"));
    Files.delete(root.resolve(VLA4J_PATH));
  }

  @Test
  void upgradeAddsTheMetadataWithoutTouchingTheFrames() throws Exception {
    Map<String, byte[]> fresh = bytes(root);
    makeOld(root);
    Map<String, byte[]> old = bytes(root);
    List<Path> files = new ArrayList<>(dataFiles(root));
    files.add(root.resolve(TASKS_PATH));
    Map<Path, Long> dataEnd = new TreeMap<>();
    Map<Path, List<String>> rows = new TreeMap<>();
    for (Path f : files) {
      assertThat(ParquetIo.keyValueMetadata(f)).doesNotContainKeys("huggingface", "pandas");
      dataEnd.put(f, ParquetIo.footer(f).footerStart());
      rows.put(f, ParquetIo.read(f, List.of()).stream().map(Group::toString).toList());
    }

    Result r = CliRun.run("dataset", "upgrade", root.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().toList()).containsExactly(
        "data/chunk-000/file-000.parquet: huggingface features", "data/chunk-000/file-001.parquet: huggingface features",
        "data/chunk-000/file-002.parquet: huggingface features", "meta/tasks.parquet: pandas index task", "meta/vla4j.json: written from meta/info.json");

    for (Path f : files) {
      String rel = root.relativize(f).toString();
      byte[] now = Files.readAllBytes(f);
      int n = Math.toIntExact(dataEnd.get(f));
      // everything before the footer (magic, column chunks, page indexes) is byte-identical
      assertThat(Arrays.copyOf(now, n)).as(rel).isEqualTo(Arrays.copyOf(old.get(rel), n));
      assertThat(ParquetIo.footer(f).footerStart()).isEqualTo(n);
      assertThat(ParquetIo.read(f, List.of()).stream().map(Group::toString).toList()).isEqualTo(rows.get(f));
    }
    // and the upgraded dataset is exactly what collect writes now
    Map<String, byte[]> upgraded = bytes(root);
    assertThat(upgraded.keySet()).isEqualTo(fresh.keySet());
    for (String k : fresh.keySet()) assertThat(upgraded.get(k)).as(k).isEqualTo(fresh.get(k));

    Result again = CliRun.run("dataset", "upgrade", root.toString());
    assertThat(again.code()).isZero();
    assertThat(again.out()).isEmpty();
    assertThat(again.err()).contains("is up to date");
    Map<String, byte[]> twice = bytes(root);
    for (String k : fresh.keySet()) assertThat(twice.get(k)).as(k).isEqualTo(fresh.get(k));
  }

  @Test
  void upgradePutsTheVla4jBlockBackIntoAnInfoJsonLeRobotRewrote() throws Exception {
    ObjectNode info = (ObjectNode) LeRobotWriter.JSON.readTree(root.resolve(INFO_PATH).toFile());
    JsonNode block = info.remove("vla4j");
    LeRobotWriter.JSON.writeValue(root.resolve(INFO_PATH).toFile(), info);
    assertThat(LeRobotUpgrade.upgrade(root)).containsExactly("meta/info.json: vla4j block restored from meta/vla4j.json");
    assertThat(LeRobotWriter.JSON.readTree(root.resolve(INFO_PATH).toFile()).get("vla4j")).isEqualTo(block);

    Files.delete(root.resolve(VLA4J_PATH));
    info.remove("vla4j");
    LeRobotWriter.JSON.writeValue(root.resolve(INFO_PATH).toFile(), info);
    assertThatThrownBy(() -> LeRobotUpgrade.upgrade(root)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither meta/info.json nor meta/vla4j.json holds a vla4j block");
  }

  @Test
  void upgradeRefusesWhatIsNotSuchADatasetNamingTheFile() throws Exception {
    Result r = CliRun.run("dataset", "upgrade", tmp.resolve("nothing").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("vla4j: " + tmp.resolve("nothing") + " is not a LeRobot dataset: meta/info.json is missing");

    Path bad = dataFiles(root).get(1);
    ParquetIo.writeAll(bad, TASKS_SCHEMA, List.of());
    assertThatThrownBy(() -> LeRobotUpgrade.upgrade(root)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(bad + ": columns [task_index, task] differ from meta/info.json's features [observation.images.agentview");

    Path junk = tmp.resolve("junk.parquet");
    Files.writeString(junk, "not parquet at all");
    assertThatThrownBy(() -> ParquetIo.setKeyValueMetadata(junk, Map.of("a", "b"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(junk + " is not a Parquet file (or is encrypted): it does not end in PAR1");
  }
}
