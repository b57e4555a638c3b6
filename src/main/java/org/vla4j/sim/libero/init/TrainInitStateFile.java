package org.vla4j.sim.libero.init;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vla4j.sim.libero.LiberoPaths;
import org.vla4j.sim.libero.scene.LiberoScene;

/**
 * vla4j's training init states of a LIBERO suite, one JSON file per suite shipped as the resource {@code
 * /org/vla4j/sim/libero/train_init_states/<suite>.json} (made by {@link TrainInitStateGenerator}).
 *
 * <p>Layout: a header line per field — {@code format}, {@code version}, {@code suite}, {@code mujoco},
 * {@code generator} (the {@link TrainInitStateGenerator.Params}, the salt and the seed rule), then {@code
 * tasks}: per task its index, name, the sha256 of its BDDL file, the sha256 of its composed scene ({@link
 * #sceneSha256}), nq, nv and {@code states}, one per line, each {@code [time, qpos(nq), qvel(nv)]} as in a
 * {@code .pruned_init} file, numbers in Java's shortest round-trip form so they load bit-exactly. The text
 * is a pure function of the generator's parameters and LIBERO's files: regenerating writes the same bytes.
 */
public final class TrainInitStateFile {
  /** The {@code format} field. */
  public static final String FORMAT = "vla4j-libero-train-init-states";
  /** The {@code version} field: bump when the generator's rules or the layout change. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Loaded> CACHE = new ConcurrentHashMap<>();

  private TrainInitStateFile() {}

  /**
   * One task's states.
   *
   * @param task the task's index in the suite
   * @param name its BDDL file stem
   * @param bddlSha256 sha256 of its BDDL file
   * @param sceneSha256 {@link #sceneSha256} of its composed scene
   * @param nq qpos size of the scene
   * @param nv qvel size
   * @param states {@code [time, qpos, qvel]} rows
   */
  public record TaskStates(int task, String name, String bddlSha256, String sceneSha256, int nq, int nv, List<double[]> states) {
    public TaskStates {
      states = List.copyOf(states);
    }
  }

  /**
   * A loaded file.
   *
   * @param suite the suite
   * @param version the file's version
   * @param sha256 sha256 of the file's bytes
   * @param resource where it was read
   * @param tasks per task, index = task id
   */
  public record Loaded(String suite, int version, String sha256, String resource, List<TaskStates> tasks) {}

  /** The resource path of a suite's file. */
  public static String resource(String suite) {
    return "/org/vla4j/sim/libero/train_init_states/" + suite + ".json";
  }

  /**
   * The shipped file of a suite (read once per JVM).
   *
   * @throws IllegalArgumentException if vla4j ships no training init states for the suite, or the file is
   *     not of this format and version
   */
  public static Loaded load(String suite) {
    return CACHE.computeIfAbsent(suite, s -> {
      String res = resource(s);
      try (InputStream in = TrainInitStateFile.class.getResourceAsStream(res)) {
        if (in == null) throw new IllegalArgumentException("vla4j has no training init states for LIBERO suite '" + s + "' (" + res + ")");
        return parse(in.readAllBytes(), res);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + res, e);
      }
    });
  }

  /**
   * Parses a file's bytes.
   *
   * @throws IllegalArgumentException if they are not this format and version
   */
  public static Loaded parse(byte[] bytes, String where) {
    try {
      JsonNode root = JSON.readTree(bytes);
      if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
        throw new IllegalArgumentException(where + " is not " + FORMAT + " version " + VERSION);
      }
      List<TaskStates> tasks = new ArrayList<>();
      for (JsonNode t : root.get("tasks")) {
        List<double[]> states = new ArrayList<>();
        for (JsonNode s : t.get("states")) {
          double[] v = new double[s.size()];
          for (int i = 0; i < v.length; i++) v[i] = s.get(i).doubleValue();
          states.add(v);
        }
        tasks.add(new TaskStates(t.get("task").asInt(), t.get("name").asText(), t.get("bddl_sha256").asText(), t.get("scene_sha256").asText(),
            t.get("nq").asInt(), t.get("nv").asInt(), states));
      }
      return new Loaded(root.get("suite").asText(), root.get("version").asInt(), sha256(bytes), where, tasks);
    } catch (IOException e) {
      throw new IllegalArgumentException(where + " is not JSON: " + e.getMessage(), e);
    }
  }

  /**
   * The file's text for these tasks.
   *
   * @param mujoco the MuJoCo version the check ran on
   */
  public static byte[] write(String suite, String mujoco, TrainInitStateGenerator.Params p, List<TaskStates> tasks) {
    StringBuilder b = new StringBuilder();
    b.append("{\n");
    b.append("\"format\": \"").append(FORMAT).append("\",\n");
    b.append("\"version\": ").append(VERSION).append(",\n");
    b.append("\"suite\": \"").append(suite).append("\",\n");
    b.append("\"mujoco\": \"").append(mujoco).append("\",\n");
    b.append("\"generator\": {\"class\": \"").append(TrainInitStateGenerator.class.getName()).append("\", ")
        .append("\"seed\": ").append(p.seed()).append(", \"salt\": ").append(TrainInitStateGenerator.SALT)
        .append(", \"stream\": \"SplittableRandom(Seeds.hash(seed, salt, task, index)), refused candidates drawn again from it\", ")
        .append("\"states_per_task\": ").append(p.statesPerTask()).append(", \"arm_noise_sigma\": ").append(p.armNoiseSigma())
        .append(", \"settle_steps\": ").append(p.settleSteps()).append(", \"settle_action\": [0,0,0,0,0,0,-1]")
        .append(", \"max_shift_xy\": ").append(p.maxShiftXy()).append(", \"max_drop\": ").append(p.maxDrop())
        .append(", \"max_rise\": ").append(p.maxRise()).append(", \"max_tilt_degrees\": ").append(p.maxTiltDegrees())
        .append(", \"max_speed\": ").append(p.maxSpeed()).append(", \"max_attempts\": ").append(p.maxAttempts())
        .append(", \"placement\": \"LIBERO TableRegionSampler on the BDDL :ranges of each (On object region), in :init order\"},\n");
    b.append("\"tasks\": [\n");
    for (int t = 0; t < tasks.size(); t++) {
      TaskStates ts = tasks.get(t);
      b.append("{\"task\": ").append(ts.task()).append(", \"name\": \"").append(ts.name()).append("\", \"bddl_sha256\": \"").append(ts.bddlSha256())
          .append("\", \"scene_sha256\": \"").append(ts.sceneSha256()).append("\", \"nq\": ").append(ts.nq()).append(", \"nv\": ").append(ts.nv())
          .append(", \"states\": [\n");
      for (int i = 0; i < ts.states().size(); i++) {
        double[] s = ts.states().get(i);
        b.append('[');
        for (int k = 0; k < s.length; k++) {
          if (k > 0) b.append(',');
          b.append(number(s[k]));
        }
        b.append(i + 1 < ts.states().size() ? "],\n" : "]\n");
      }
      b.append(t + 1 < tasks.size() ? "]},\n" : "]}\n");
    }
    b.append("]\n}\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Shortest round-trip text of a double; {@code 0} for +0 (every zero velocity). */
  static String number(double v) {
    if (v == 0 && 1 / v > 0) return "0";
    if (!Double.isFinite(v)) throw new IllegalArgumentException("non-finite number in a state: " + v);
    return Double.toString(v);
  }

  /**
   * Generates states {@code 0..count−1} of each task.
   *
   * @param tasks task ids of the suite, in the order written
   * @param progress called after each task with its id (may be null)
   */
  public static List<TaskStates> generate(org.vla4j.sim.libero.LiberoBenchmark b, TrainInitStateGenerator.Params p, List<Integer> tasks, int count,
      java.util.function.IntConsumer progress) {
    Map<String, String> hashes = b.fileHashes();
    List<TaskStates> out = new ArrayList<>();
    for (int t : tasks) {
      try (TrainInitStateGenerator g = new TrainInitStateGenerator(b, t, p)) {
        var m = g.scene();
        List<double[]> states = g.states(count);
        out.add(new TaskStates(t, b.taskNames().get(t), hashes.get("bddl:" + b.bddlFiles().get(t).getFileName()), sceneSha256(m, b.paths()),
            g.nq(), g.nv(), states));
      }
      if (progress != null) progress.accept(t);
    }
    return out;
  }

  /**
   * sha256 of a composed scene's MJCF with the install's folders replaced by {@code $LIBERO} and {@code
   * $ROBOSUITE_ASSETS}: the same on every machine for the same LIBERO and robosuite files.
   */
  public static String sceneSha256(LiberoScene scene, LiberoPaths paths) {
    String xml = scene.xml().replace(paths.robosuiteAssets().toString(), "$ROBOSUITE_ASSETS").replace(paths.liberoRoot().toString(), "$LIBERO");
    return sha256(xml.getBytes(StandardCharsets.UTF_8));
  }

  /** sha256 of bytes, hex. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
