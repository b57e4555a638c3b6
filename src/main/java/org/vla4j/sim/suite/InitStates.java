package org.vla4j.sim.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vla4j.mujoco.MujocoLibrary;

/**
 * The fixed evaluation init states of a suite, stored as versioned JSON resources
 * ({@code /org/vla4j/sim/suite/init_states/<suite>/task_NN.json}), one file per task: a header
 * (format, version, suite, task, instruction, MuJoCo version, state signature, generator seed and
 * stream) and {@code states}, each a full-physics MuJoCo state ({@code mjSTATE_FULLPHYSICS}) of
 * the task's scene, numbers written in shortest round-trip form so they load bit-exactly.
 */
public final class InitStates {
  /** Format name in the files' header. */
  public static final String FORMAT = "vla4j-init-states";
  /** Format version; bump when the scene or the layout changes. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private InitStates() {}

  static String resource(String suite, int taskId) {
    return String.format("/org/vla4j/sim/suite/init_states/%s/task_%02d.json", suite, taskId);
  }

  /**
   * A task's init states, index = init-state id.
   *
   * @throws IllegalArgumentException if the task is out of range, or the resource is missing or
   *     not of this format and version
   */
  public static InitStateList load(Suite suite, int taskId) {
    suite.task(taskId);
    String res = resource(suite.name(), taskId);
    try (InputStream in = InitStates.class.getResourceAsStream(res)) {
      if (in == null) throw new IllegalArgumentException("no init states for suite '" + suite.name() + "' task " + taskId + " (" + res + ")");
      JsonNode root = JSON.readTree(in);
      if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
        throw new IllegalArgumentException(res + " is not " + FORMAT + " version " + VERSION);
      }
      List<double[]> states = new ArrayList<>();
      for (JsonNode s : root.get("states")) {
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) v[i] = s.get(i).doubleValue();
        states.add(v);
      }
      return new InitStateList(suite.name(), taskId, states);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + res, e);
    }
  }

  /** Writes a task's states in the resource format into {@code dir/<suite>/task_NN.json}. */
  public static Path write(Path dir, Suite suite, int taskId, List<double[]> states) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("suite", suite.name());
    root.put("task", taskId);
    root.put("instruction", suite.task(taskId).instruction());
    root.put("mujoco", MujocoLibrary.VERSION);
    root.put("state_signature", "mjSTATE_FULLPHYSICS");
    root.put("generator_seed", InitStateGenerator.SUITE_SEED);
    root.put("generator_stream", InitStateGenerator.Stream.EVAL.name());
    ArrayNode arr = root.putArray("states");
    for (double[] s : states) {
      ArrayNode a = arr.addArray();
      for (double v : s) a.add(v);
    }
    Path out = dir.resolve(suite.name()).resolve(String.format("task_%02d.json", taskId));
    Files.createDirectories(out.getParent());
    StringBuilder text = new StringBuilder();
    // one state per line keeps the files diffable
    text.append(JSON.writeValueAsString(root).replace("[[", "[\n[").replace("],[", "],\n[").replace("]]", "]\n]"));
    text.append('\n');
    Files.writeString(out, text);
    return out;
  }

  /**
   * A task's init states.
   *
   * @param suite suite name
   * @param taskId task id
   * @param states full-physics states, index = init-state id
   */
  public record InitStateList(String suite, int taskId, List<double[]> states) {
    public InitStateList {
      states = List.copyOf(states);
    }

    /**
     * Init state {@code index}, a copy.
     *
     * @throws IllegalArgumentException if out of range (message gives the valid range)
     */
    public double[] get(int index) {
      if (index < 0 || index >= states.size()) {
        throw new IllegalArgumentException("init state " + index + " is out of range for suite '" + suite + "' task " + taskId
            + ": valid init states are 0.." + (states.size() - 1));
      }
      return states.get(index).clone();
    }

    public int size() {
      return states.size();
    }
  }
}
