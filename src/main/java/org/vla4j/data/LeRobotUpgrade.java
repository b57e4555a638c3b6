package org.vla4j.data;

import static org.vla4j.data.LeRobotDataset.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Brings a LeRobot v3.0 dataset written by an earlier {@code vla4j collect} up to what collect
 * writes now, in place and without rewriting any frame: sets the {@code huggingface} footer entry
 * of every data file and the {@code pandas} entry of meta/tasks.parquet ({@link LeRobotMetadata})
 * through {@link ParquetIo#setKeyValueMetadata}, which copies the bytes before the footer unchanged
 * and re-serializes only the footer; and writes meta/vla4j.json from info.json's {@code vla4j}
 * block, or, where LeRobot rewrote info.json without the block, puts it back from meta/vla4j.json.
 * Running it again changes nothing.
 */
public final class LeRobotUpgrade {
  private LeRobotUpgrade() {}

  /**
   * Upgrades the dataset at {@code root}.
   *
   * @return one line per file changed ({@code "data/chunk-000/file-000.parquet: huggingface
   *     features"} …), empty when the dataset was already up to date
   * @throws IllegalArgumentException if {@code root} is not a LeRobot v3.0 dataset, a data file's
   *     columns differ from meta/info.json's features, meta/tasks.parquet lacks {@code task_index}
   *     int64 or {@code task}, or neither info.json nor meta/vla4j.json holds a vla4j block; the
   *     message names the file
   */
  public static List<String> upgrade(Path root) throws IOException {
    Path infoFile = root.resolve(INFO_PATH);
    if (!Files.isRegularFile(infoFile)) {
      throw new IllegalArgumentException(root + " is not a LeRobot dataset: " + INFO_PATH + " is missing");
    }
    JsonNode info = LeRobotWriter.JSON.readTree(infoFile.toFile());
    String version = info.path("codebase_version").asText();
    if (!version.equals(CODEBASE_VERSION)) {
      throw new IllegalArgumentException(infoFile + ": codebase_version is '" + version + "', only " + CODEBASE_VERSION + " can be upgraded");
    }
    JsonNode features = info.get("features");
    if (features == null || !features.isObject()) throw new IllegalArgumentException(infoFile + " has no \"features\" object");
    List<String> columns = new ArrayList<>();
    features.fields().forEachRemaining(e -> {
      if (!e.getValue().path("dtype").asText().equals("video")) columns.add(e.getKey());
    });
    String hf = LeRobotMetadata.dataHuggingface(features);

    List<String> changed = new ArrayList<>();
    List<Path> dataFiles;
    Path dataDir = root.resolve("data");
    if (!Files.isDirectory(dataDir)) throw new IllegalArgumentException(root + " has no data/ folder");
    try (Stream<Path> s = Files.walk(dataDir, 2)) {
      dataFiles = s.filter(p -> p.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(p)).sorted().toList();
    }
    if (dataFiles.isEmpty()) throw new IllegalArgumentException(dataDir + " holds no .parquet files");
    for (Path f : dataFiles) {
      List<String> got = ParquetIo.schema(f).getFields().stream().map(Type::getName).toList();
      if (!got.equals(columns)) {
        throw new IllegalArgumentException(f + ": columns " + got + " differ from " + INFO_PATH + "'s features " + columns);
      }
      if (ParquetIo.setKeyValueMetadata(f, Map.of(LeRobotMetadata.HUGGINGFACE_KEY, hf))) {
        changed.add(root.relativize(f) + ": " + LeRobotMetadata.HUGGINGFACE_KEY + " features");
      }
    }

    Path tasks = root.resolve(TASKS_PATH);
    if (!Files.isRegularFile(tasks)) throw new IllegalArgumentException(root + ": " + TASKS_PATH + " is missing");
    MessageType ts = ParquetIo.schema(tasks);
    List<String> tcols = ts.getFields().stream().map(Type::getName).toList();
    if (!tcols.equals(List.of(TASK_INDEX, "task")) || !ts.getType(TASK_INDEX).isPrimitive()
        || ts.getType(TASK_INDEX).asPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.INT64) {
      throw new IllegalArgumentException(tasks + ": columns " + ts + " are not [task_index int64, task string]");
    }
    if (ParquetIo.setKeyValueMetadata(tasks, Map.of(LeRobotMetadata.PANDAS_KEY, LeRobotMetadata.tasksPandas()))) {
      changed.add(TASKS_PATH + ": " + LeRobotMetadata.PANDAS_KEY + " index task");
    }

    Path vla4jFile = root.resolve(VLA4J_PATH);
    JsonNode block = info.get("vla4j");
    if (block != null && block.isObject()) {
      JsonNode onDisk = Files.isRegularFile(vla4jFile) ? LeRobotWriter.JSON.readTree(vla4jFile.toFile()) : null;
      if (!block.equals(onDisk)) {
        LeRobotWriter.JSON.writeValue(vla4jFile.toFile(), block);
        changed.add(VLA4J_PATH + ": written from " + INFO_PATH);
      }
    } else if (Files.isRegularFile(vla4jFile)) {
      ((ObjectNode) info).set("vla4j", LeRobotWriter.JSON.readTree(vla4jFile.toFile()));
      LeRobotWriter.JSON.writeValue(infoFile.toFile(), info);
      changed.add(INFO_PATH + ": vla4j block restored from " + VLA4J_PATH);
    } else {
      throw new IllegalArgumentException(root + ": neither " + INFO_PATH + " nor " + VLA4J_PATH + " holds a vla4j block (not written by vla4j collect?)");
    }
    return changed;
  }
}
