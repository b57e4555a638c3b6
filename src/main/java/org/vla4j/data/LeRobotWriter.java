package org.vla4j.data;

import static org.vla4j.data.LeRobotDataset.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.parquet.io.api.RecordConsumer;
import org.vla4j.policy.steps.normalize.DatasetStatistics;
import org.vla4j.policy.steps.normalize.FeatureStatistics;
import org.vla4j.policy.steps.normalize.NormalizationStatistics;
import org.vla4j.policy.steps.normalize.Quantiles;
import org.vla4j.policy.steps.normalize.StatisticsComputer;
import org.vla4j.policy.steps.normalize.StatisticsJson;
import org.vla4j.policy.steps.normalize.Trajectory;

/**
 * Writes a LeRobot v3.0 dataset ({@link LeRobotDataset}) episode by episode, in the order given:
 * {@link #add} appends an episode's frames to the current data file (a new file starts when the
 * current one has reached {@link LeRobotDataset#DATA_FILES_SIZE_IN_MB}; an episode never spans two
 * files), {@link #finish} writes the metadata, meta/stats.json and OpenVLA's
 * dataset_statistics.json. Output bytes are a pure function of the episodes and metadata given.
 *
 * <p>The Parquet footers carry what LeRobot's readers need ({@link LeRobotMetadata}): the data
 * files a {@code huggingface} features entry, meta/tasks.parquet a {@code pandas} entry naming
 * {@code task} as the index. The {@code vla4j} provenance block goes into meta/info.json and, as
 * well, into meta/vla4j.json, which LeRobot neither reads nor rewrites (LeRobot 0.6 drops unknown
 * info.json fields when it rewrites info.json).
 */
public final class LeRobotWriter implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** OpenVLA's LIBERO action mask: the gripper is not normalized. */
  public static final boolean[] ACTION_MASK = {true, true, true, true, true, true, false};

  private final Path root;
  private final int imageSize;
  private final List<String> tasks;
  private final long fileLimitBytes;
  private ParquetIo.Writer data;
  private int chunk, file;
  private long index;
  private final List<EpisodeRow> episodes = new ArrayList<>();
  private final List<float[]> states = new ArrayList<>(), actions = new ArrayList<>();
  private final List<int[]> perFrame = new ArrayList<>(); // frame_index, episode_index, task_index
  private final long[][][] histograms = new long[2][3][256];

  private record EpisodeRow(long episodeIndex, String task, long length, long from, long to, int chunk, int file) {}

  /**
   * @param root the dataset folder (created; existing files of the same names are overwritten)
   * @param imageSize H = W of both cameras, pixels
   * @param tasks the dataset's tasks: task_index i is {@code tasks.get(i)}
   */
  public LeRobotWriter(Path root, int imageSize, List<String> tasks) {
    this(root, imageSize, tasks, DATA_FILES_SIZE_IN_MB * 1024L * 1024L);
  }

  /** As above with another data-file size limit, bytes (tests). */
  LeRobotWriter(Path root, int imageSize, List<String> tasks, long fileLimitBytes) {
    this.root = root;
    this.imageSize = imageSize;
    this.tasks = List.copyOf(tasks);
    this.fileLimitBytes = fileLimitBytes;
  }

  /** Episodes written so far. */
  public int episodes() {
    return episodes.size();
  }

  /** Frames written so far. */
  public long frames() {
    return index;
  }

  /**
   * Appends an episode; its episode_index is the number of episodes added before it.
   *
   * @param taskIndex index into the dataset's task list
   */
  public void add(Episode ep, int taskIndex) throws IOException {
    if (ep.frames().isEmpty()) throw new IllegalArgumentException("episode without frames");
    if (data != null && data.dataSize() >= fileLimitBytes) {
      data.close();
      data = null;
      if (++file == CHUNKS_SIZE) {
        file = 0;
        chunk++;
      }
    }
    if (data == null) {
      Path p = root.resolve(dataPath(chunk, file));
      Files.createDirectories(p.getParent());
      data = ParquetIo.open(p, DATA_SCHEMA, Map.of(LeRobotMetadata.HUGGINGFACE_KEY, LeRobotMetadata.dataHuggingface(features(imageSize))));
    }
    long episodeIndex = episodes.size();
    long from = index;
    for (int f = 0; f < ep.frames().size(); f++) {
      Episode.Frame fr = ep.frames().get(f);
      long frameIndex = f, globalIndex = index++;
      float timestamp = (float) f / FPS;
      data.write(rc -> {
        ParquetIo.Fields.image(rc, AGENTVIEW, 0, fr.agentviewPng());
        ParquetIo.Fields.image(rc, WRIST, 1, fr.wristPng());
        ParquetIo.Fields.floatList(rc, STATE, 2, fr.state());
        ParquetIo.Fields.floatList(rc, ACTION, 3, fr.action());
        ParquetIo.Fields.float32(rc, TIMESTAMP, 4, timestamp);
        ParquetIo.Fields.int64(rc, FRAME_INDEX, 5, frameIndex);
        ParquetIo.Fields.int64(rc, EPISODE_INDEX, 6, episodeIndex);
        ParquetIo.Fields.int64(rc, INDEX, 7, globalIndex);
        ParquetIo.Fields.int64(rc, TASK_INDEX, 8, taskIndex);
      });
      states.add(fr.state());
      actions.add(fr.action());
      perFrame.add(new int[] {f, (int) episodeIndex, taskIndex});
    }
    for (int c = 0; c < 2; c++) for (int ch = 0; ch < 3; ch++) for (int v = 0; v < 256; v++) histograms[c][ch][v] += ep.pixelHistograms()[c][ch][v];
    episodes.add(new EpisodeRow(episodeIndex, tasks.get(taskIndex), ep.length(), from, index, chunk, file));
  }

  /**
   * Closes the data file and writes meta/ (info, stats, tasks, episodes) and dataset_statistics.json.
   *
   * @param vla4j the "vla4j" block of info.json (provenance: suite, seeds, versions, renderer …)
   * @param datasetKey the key of dataset_statistics.json (the unnorm_key)
   * @throws IllegalStateException if no episode was added
   */
  public void finish(ObjectNode vla4j, String datasetKey) throws IOException {
    if (episodes.isEmpty()) throw new IllegalStateException("no episodes to write: every episode failed");
    if (data != null) {
      data.close();
      data = null;
    }
    Files.createDirectories(root.resolve("meta/episodes/chunk-000"));
    List<Consumer<RecordConsumer>> taskRows = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      long ti = i;
      String t = tasks.get(i);
      taskRows.add(rc -> {
        ParquetIo.Fields.int64(rc, TASK_INDEX, 0, ti);
        ParquetIo.Fields.string(rc, "task", 1, t);
      });
    }
    ParquetIo.writeAll(root.resolve(TASKS_PATH), TASKS_SCHEMA, Map.of(LeRobotMetadata.PANDAS_KEY, LeRobotMetadata.tasksPandas()), taskRows);
    List<Consumer<RecordConsumer>> episodeRows = new ArrayList<>();
    for (EpisodeRow e : episodes) {
      episodeRows.add(rc -> {
        ParquetIo.Fields.int64(rc, EPISODE_INDEX, 0, e.episodeIndex());
        ParquetIo.Fields.stringList(rc, "tasks", 1, List.of(e.task()));
        ParquetIo.Fields.int64(rc, "length", 2, e.length());
        ParquetIo.Fields.int64(rc, "dataset_from_index", 3, e.from());
        ParquetIo.Fields.int64(rc, "dataset_to_index", 4, e.to());
        ParquetIo.Fields.int64(rc, "data/chunk_index", 5, e.chunk());
        ParquetIo.Fields.int64(rc, "data/file_index", 6, e.file());
        ParquetIo.Fields.int64(rc, "meta/episodes/chunk_index", 7, 0);
        ParquetIo.Fields.int64(rc, "meta/episodes/file_index", 8, 0);
      });
    }
    ParquetIo.writeAll(root.resolve(EPISODES_PATH), EPISODES_SCHEMA, episodeRows);
    JSON.writeValue(root.resolve(INFO_PATH).toFile(), info(vla4j));
    JSON.writeValue(root.resolve(VLA4J_PATH).toFile(), vla4j);
    JSON.writeValue(root.resolve(STATS_PATH).toFile(), stats());
    StatisticsJson.write(new NormalizationStatistics(Map.of(datasetKey, openVlaStatistics())), root.resolve(OPENVLA_STATS_PATH));
  }

  private ObjectNode info(ObjectNode vla4j) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("codebase_version", CODEBASE_VERSION);
    n.put("robot_type", "panda");
    n.put("total_episodes", episodes.size());
    n.put("total_frames", index);
    n.put("total_tasks", tasks.size());
    n.put("chunks_size", CHUNKS_SIZE);
    n.put("data_files_size_in_mb", DATA_FILES_SIZE_IN_MB);
    n.put("video_files_size_in_mb", VIDEO_FILES_SIZE_IN_MB);
    n.put("fps", FPS);
    n.putObject("splits").put("train", "0:" + episodes.size());
    n.put("data_path", DATA_PATH);
    n.putNull("video_path");
    n.set("features", features(imageSize));
    n.set("vla4j", vla4j);
    return n;
  }

  /**
   * The {@code features} object of meta/info.json for cameras of {@code imageSize}² pixels, in the
   * data files' column order; {@link LeRobotMetadata#dataHuggingface} derives the data files'
   * {@code huggingface} footer entry from it.
   */
  static ObjectNode features(int imageSize) {
    ObjectNode f = JsonNodeFactory.instance.objectNode();
    for (String cam : List.of(AGENTVIEW, WRIST)) {
      ObjectNode c = f.putObject(cam);
      c.put("dtype", "image");
      c.putArray("shape").add(imageSize).add(imageSize).add(3);
      c.putArray("names").add("height").add("width").add("channel");
    }
    feature(f, STATE, "float32", 8, STATE_NAMES);
    feature(f, ACTION, "float32", 7, ACTION_NAMES);
    feature(f, TIMESTAMP, "float32", 1, null);
    for (String k : List.of(FRAME_INDEX, EPISODE_INDEX, INDEX, TASK_INDEX)) feature(f, k, "int64", 1, null);
    return f;
  }

  private static void feature(ObjectNode f, String name, String dtype, int dim, List<String> names) {
    ObjectNode c = f.putObject(name);
    c.put("dtype", dtype);
    c.putArray("shape").add(dim);
    if (names == null) c.putNull("names");
    else {
      ArrayNode a = c.putArray("names");
      names.forEach(a::add);
    }
  }

  /** Per-feature statistics in LeRobot's meta/stats.json layout. */
  private ObjectNode stats() {
    ObjectNode s = JsonNodeFactory.instance.objectNode();
    String[] cams = {AGENTVIEW, WRIST};
    for (int c = 0; c < 2; c++) s.set(cams[c], imageStats(histograms[c], index));
    s.set(STATE, numericStats(toRows(states)));
    s.set(ACTION, numericStats(toRows(actions)));
    int n = perFrame.size();
    double[][] ts = new double[n][1], fi = new double[n][1], ei = new double[n][1], ix = new double[n][1], ti = new double[n][1];
    for (int i = 0; i < n; i++) {
      int[] p = perFrame.get(i);
      ts[i][0] = (float) p[0] / FPS;
      fi[i][0] = p[0];
      ei[i][0] = p[1];
      ix[i][0] = i;
      ti[i][0] = p[2];
    }
    s.set(TIMESTAMP, numericStats(ts));
    s.set(FRAME_INDEX, numericStats(fi));
    s.set(EPISODE_INDEX, numericStats(ei));
    s.set(INDEX, numericStats(ix));
    s.set(TASK_INDEX, numericStats(ti));
    return s;
  }

  static double[][] toRows(List<float[]> rows) {
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      float[] r = rows.get(i);
      out[i] = new double[r.length];
      for (int j = 0; j < r.length; j++) out[i][j] = r[j];
    }
    return out;
  }

  static final double[] QUANTILES = {0.01, 0.10, 0.50, 0.90, 0.99};
  static final String[] QUANTILE_NAMES = {"q01", "q10", "q50", "q90", "q99"};

  /** min, max, mean, std (ddof 0), count [N], q01 … q99 (numpy linear), each [D]. */
  static ObjectNode numericStats(double[][] rows) {
    FeatureStatistics fs = StatisticsComputer.of("feature", rows, null);
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    put(o, "min", fs.min());
    put(o, "max", fs.max());
    put(o, "mean", fs.mean());
    put(o, "std", fs.std());
    o.putArray("count").add(rows.length);
    int d = rows[0].length;
    double[][] q = new double[QUANTILES.length][d];
    double[] col = new double[rows.length];
    for (int j = 0; j < d; j++) {
      for (int i = 0; i < rows.length; i++) col[i] = rows[i][j];
      Arrays.sort(col);
      for (int k = 0; k < QUANTILES.length; k++) q[k][j] = Quantiles.linearSorted(col, QUANTILES[k]);
    }
    for (int k = 0; k < QUANTILES.length; k++) put(o, QUANTILE_NAMES[k], q[k]);
    return o;
  }

  /**
   * Per-channel statistics of pixels scaled to [0, 1] (LeRobot's image stats, shape [3, 1, 1]),
   * exact over every pixel of every frame, from 256-bin histograms; count = frames.
   */
  static ObjectNode imageStats(long[][] hist, long frames) {
    Map<String, double[]> v = new LinkedHashMap<>();
    for (String k : List.of("min", "max", "mean", "std", "q01", "q10", "q50", "q90", "q99")) v.put(k, new double[3]);
    for (int ch = 0; ch < 3; ch++) {
      long n = 0;
      double sum = 0;
      int lo = -1, hi = -1;
      for (int k = 0; k < 256; k++) {
        if (hist[ch][k] == 0) continue;
        if (lo < 0) lo = k;
        hi = k;
        n += hist[ch][k];
        sum += hist[ch][k] * (k / 255.0);
      }
      double mean = sum / n, ss = 0;
      for (int k = 0; k < 256; k++) if (hist[ch][k] > 0) ss += hist[ch][k] * (k / 255.0 - mean) * (k / 255.0 - mean);
      v.get("min")[ch] = lo / 255.0;
      v.get("max")[ch] = hi / 255.0;
      v.get("mean")[ch] = mean;
      v.get("std")[ch] = Math.sqrt(ss / n);
      for (int q = 0; q < QUANTILES.length; q++) v.get(QUANTILE_NAMES[q])[ch] = histogramQuantile(hist[ch], n, QUANTILES[q]);
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (String k : List.of("min", "max", "mean", "std")) put311(o, k, v.get(k));
    o.putArray("count").add(frames);
    for (String k : QUANTILE_NAMES) put311(o, k, v.get(k));
    return o;
  }

  /** numpy's linear quantile of the sorted values k/255 with the histogram's multiplicities. */
  static double histogramQuantile(long[] hist, long n, double q) {
    double vIdx = (n - 1) * q;
    long lo = (long) Math.floor(vIdx);
    long hiIdx = Math.min(lo + 1, n - 1);
    double t = vIdx - lo;
    double a = valueAt(hist, lo) / 255.0, b = valueAt(hist, hiIdx) / 255.0;
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }

  private static int valueAt(long[] hist, long i) {
    long c = 0;
    for (int k = 0; k < 256; k++) {
      c += hist[k];
      if (i < c) return k;
    }
    return 255;
  }

  private static void put(ObjectNode o, String k, double[] v) {
    ArrayNode a = o.putArray(k);
    for (double x : v) a.add(x);
  }

  private static void put311(ObjectNode o, String k, double[] v) {
    ArrayNode a = o.putArray(k);
    for (double x : v) a.addArray().addArray().add(x);
  }

  /** OpenVLA statistics of the episodes written: action (mask [true ×6, false]) and proprio = observation.state. */
  public DatasetStatistics openVlaStatistics() {
    List<Trajectory> ts = new ArrayList<>();
    for (EpisodeRow e : episodes) {
      List<float[]> a = actions.subList((int) e.from(), (int) e.to()), s = states.subList((int) e.from(), (int) e.to());
      ts.add(new Trajectory(toRows(a), toRows(s)));
    }
    return StatisticsComputer.compute(ts, ACTION_MASK);
  }

  @Override
  public void close() throws IOException {
    if (data != null) data.close();
    data = null;
  }
}
