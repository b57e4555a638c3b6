package org.vla4j.data;

import static org.vla4j.data.LeRobotDataset.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.parquet.example.data.Group;
import org.vla4j.policy.steps.normalize.Trajectory;

/**
 * Reads what {@link org.vla4j.policy.steps.normalize.StatisticsComputer} needs from a LeRobot v3.0
 * dataset: each episode's {@code action} and {@code observation.state} rows, in episode order. The
 * data files are found through meta/episodes (their {@code data/chunk_index}, {@code
 * data/file_index}) and meta/info.json's {@code data_path}; image columns are not read.
 */
public final class LeRobotReader {
  private LeRobotReader() {}

  /**
   * One trajectory per episode (actions = {@code action}, proprio = {@code observation.state}),
   * ordered by episode_index.
   *
   * @throws IllegalArgumentException if the folder is not a LeRobot v3.0 dataset or its files
   *     disagree (missing columns, non-contiguous indices)
   */
  public static List<Trajectory> trajectories(Path root) throws IOException {
    Path info = root.resolve(INFO_PATH);
    if (!Files.isRegularFile(info)) {
      throw new IllegalArgumentException(root + " is not a LeRobot dataset: " + INFO_PATH + " is missing");
    }
    JsonNode n = LeRobotWriter.JSON.readTree(info.toFile());
    String version = n.path("codebase_version").asText();
    if (!version.equals(CODEBASE_VERSION)) {
      throw new IllegalArgumentException(root + ": codebase_version is '" + version + "', only " + CODEBASE_VERSION + " is supported");
    }
    String dataPath = n.path("data_path").asText(DATA_PATH);
    TreeSet<List<Long>> files = new TreeSet<>((a, b) -> a.get(0).equals(b.get(0)) ? Long.compare(a.get(1), b.get(1)) : Long.compare(a.get(0), b.get(0)));
    try (var s = Files.list(root.resolve("meta/episodes"))) {
      for (Path chunk : s.sorted().toList()) {
        try (var fs = Files.list(chunk)) {
          for (Path f : fs.filter(p -> p.toString().endsWith(".parquet")).sorted().toList()) {
            for (Group g : ParquetIo.read(f, List.of("data/chunk_index", "data/file_index"))) {
              files.add(List.of(g.getLong("data/chunk_index", 0), g.getLong("data/file_index", 0)));
            }
          }
        }
      }
    }
    List<Trajectory> out = new ArrayList<>();
    List<double[]> actions = new ArrayList<>(), states = new ArrayList<>();
    long expectIndex = 0, episode = -1;
    for (List<Long> cf : files) {
      Path file = root.resolve(formatPath(dataPath, cf.get(0), cf.get(1)));
      for (Group g : ParquetIo.read(file, List.of(STATE, ACTION, EPISODE_INDEX, INDEX))) {
        long idx = g.getLong(INDEX, 0), ep = g.getLong(EPISODE_INDEX, 0);
        if (idx != expectIndex) throw new IllegalArgumentException(file + ": index " + idx + " where " + expectIndex + " was expected");
        expectIndex++;
        if (ep != episode) {
          if (ep != episode + 1) throw new IllegalArgumentException(file + ": episode_index jumps from " + episode + " to " + ep);
          if (!actions.isEmpty()) out.add(new Trajectory(actions.toArray(double[][]::new), states.toArray(double[][]::new)));
          actions.clear();
          states.clear();
          episode = ep;
        }
        actions.add(toDouble(ParquetIo.floatList(g, ACTION)));
        states.add(toDouble(ParquetIo.floatList(g, STATE)));
      }
    }
    if (!actions.isEmpty()) out.add(new Trajectory(actions.toArray(double[][]::new), states.toArray(double[][]::new)));
    if (out.isEmpty()) throw new IllegalArgumentException(root + ": the dataset has no frames");
    return out;
  }

  /** Fills {@code data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet}-style templates. */
  static String formatPath(String template, long chunk, long file) {
    return template
        .replace("{chunk_index:03d}", String.format(Locale.ROOT, "%03d", chunk))
        .replace("{file_index:03d}", String.format(Locale.ROOT, "%03d", file));
  }

  private static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) d[i] = v[i];
    return d;
  }
}
