package org.vla4j.sim.libero.env;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.vla4j.mujoco.MjData;
import org.vla4j.sim.libero.bddl.BddlInstance;

/**
 * Plays a given action sequence from an init state through a {@link LiberoEnv} and reports one row per
 * step with the keys and layout of the reference runs of the real LIBERO ({@code reference/<suite>/traj/*.jsonl}):
 * row 0 right after {@code set_init_state}, then one row after each {@code env.step(action)}. What
 * {@code vla4j sim play} writes, and what the conformance tests compare.
 *
 * <p>Row keys, in order: {@code step}; {@code action} (null in row 0); {@code sim_time} (s);
 * {@code robot0_eef_pos} (m), {@code robot0_eef_quat} (xyzw), {@code robot0_gripper_qpos} (m),
 * {@code robot0_joint_pos} (rad), {@code robot0_joint_vel} (rad/s) — robosuite's observations, sampled at
 * substep 24 of 25 as its {@code Observable}s sample them; {@code object_pos}, {@code object_quat_xyzw}: every
 * BDDL {@code :objects} instance (not the fixtures) by name, sorted, root-body pose; {@code reward},
 * {@code done} (null in row 0), {@code success}; {@code agentview_mean}, {@code eye_in_hand_mean}: the mean of
 * every uint8 value of the bottom-up camera image, and {@code *_mean_rgb} per channel (all null without
 * cameras); {@code qpos}, {@code qvel}, {@code ctrl}: the full simulation state after the step's last substep.
 * The reference files' {@code phase} (their own script's labels) is not written.
 */
public final class LiberoPlay {
  private LiberoPlay() {}

  /** robosuite's default {@code horizon} for LIBERO's envs: {@code env.step} refuses to go past it. */
  public static final int HORIZON = 1000;

  private static final ObjectMapper JSON = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * Reads an action file: one JSON array of 7 numbers {@code [dx, dy, dz, rx, ry, rz, gripper]} per line
   * (OSC_POSE deltas in [−1, 1], robosuite clips beyond; gripper −1 open, +1 close), wait steps included.
   *
   * @throws IllegalArgumentException "FILE line N: ..." for a line that is not such an array, for a missing
   *     or empty file, or for more than {@link #HORIZON} actions
   * @throws UncheckedIOException if the file cannot be read
   */
  public static List<double[]> readActions(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no actions file " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read actions file " + file + ": " + e.getMessage(), e);
    }
    return parseActions(lines, file.toString());
  }

  /** {@link #readActions} on lines already read; {@code name} is used in the messages. */
  public static List<double[]> parseActions(List<String> lines, String name) {
    List<double[]> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) out.add(parseAction(lines.get(i), name, i + 1));
    if (out.isEmpty()) throw new IllegalArgumentException(name + ": no actions (expected one JSON array of 7 numbers per line)");
    if (out.size() > HORIZON) {
      throw new IllegalArgumentException(name + " line " + (HORIZON + 1) + ": more than " + HORIZON + " actions; LIBERO's env refuses to step past its horizon of "
          + HORIZON);
    }
    return out;
  }

  private static double[] parseAction(String line, String name, int lineNo) {
    String where = name + " line " + lineNo + ": ";
    String expected = "expected a JSON array of 7 numbers [dx, dy, dz, rx, ry, rz, gripper]";
    if (line.isBlank()) throw new IllegalArgumentException(where + "empty line; " + expected);
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + "not JSON (" + e.getOriginalMessage() + "); " + expected);
    }
    if (n == null || !n.isArray()) throw new IllegalArgumentException(where + expected + ", got " + shorten(line));
    if (n.size() != 7) throw new IllegalArgumentException(where + expected + ", got " + n.size() + " values");
    double[] a = new double[7];
    for (int i = 0; i < 7; i++) {
      JsonNode v = n.get(i);
      if (!v.isNumber()) throw new IllegalArgumentException(where + "value " + (i + 1) + " is " + shorten(v.toString()) + ", not a number; " + expected);
      a[i] = v.asDouble();
      if (!Double.isFinite(a[i])) throw new IllegalArgumentException(where + "value " + (i + 1) + " is not finite (" + v + ")");
    }
    return a;
  }

  private static String shorten(String s) {
    String t = s.strip();
    return t.length() <= 60 ? t : t.substring(0, 57) + "...";
  }

  /**
   * Puts the env into {@code initState} ({@code set_init_state}), reports row 0, then steps through the
   * actions reporting one row after each.
   *
   * @param env a freshly made or reset env (its controller's orientation goal is the one at reset, as in LIBERO)
   * @param initState {@code [time, qpos, qvel]} of this task
   * @param actions the actions, each 7 numbers
   * @param rows receives {@code actions.size() + 1} rows
   * @throws IllegalArgumentException if the init state does not fit the scene
   * @throws UnsupportedOperationException if the task's goal uses a predicate not implemented yet
   */
  public static void play(LiberoEnv env, double[] initState, List<double[]> actions, Consumer<ObjectNode> rows) {
    env.setInitState(initState);
    rows.accept(row(env, 0, null, null, env.world().success()));
    for (int t = 0; t < actions.size(); t++) {
      LiberoEnv.StepResult r = env.step(actions.get(t));
      rows.accept(row(env, t + 1, actions.get(t), r, r.success()));
    }
  }

  private static ObjectNode row(LiberoEnv env, int step, double[] action, LiberoEnv.StepResult result, boolean success) {
    LiberoEnv.Observation o = env.observation();
    MjData d = env.world().data();
    ObjectNode row = JSON.createObjectNode();
    row.put("step", step);
    if (action == null) row.putNull("action");
    else row.set("action", array(action));
    row.put("sim_time", d.time());
    row.set("robot0_eef_pos", array(o.eefPos()));
    row.set("robot0_eef_quat", array(o.eefQuatXyzw()));
    row.set("robot0_gripper_qpos", array(o.gripperQpos()));
    row.set("robot0_joint_pos", array(o.jointPos()));
    row.set("robot0_joint_vel", array(o.jointVel()));
    List<String> objects = env.world().scene().problem().objects().stream().map(BddlInstance::name).sorted().toList();
    ObjectNode pos = row.putObject("object_pos");
    for (String name : objects) pos.set(name, array(o.objectPos().get(name)));
    ObjectNode quat = row.putObject("object_quat_xyzw");
    for (String name : objects) quat.set(name, array(o.objectQuatXyzw().get(name)));
    if (result == null) {
      row.putNull("reward");
      row.putNull("done");
    } else {
      row.put("reward", result.reward());
      row.put("done", result.done());
    }
    row.put("success", success);
    LiberoCameras.Frames f = env.frames();
    if (f == null) {
      row.putNull("agentview_mean");
      row.putNull("eye_in_hand_mean");
      row.putNull("agentview_mean_rgb");
      row.putNull("eye_in_hand_mean_rgb");
    } else {
      row.put("agentview_mean", LiberoCameras.Frames.mean(f.agentview()));
      row.put("eye_in_hand_mean", LiberoCameras.Frames.mean(f.eyeInHand()));
      row.set("agentview_mean_rgb", array(meanRgb(f.agentview())));
      row.set("eye_in_hand_mean_rgb", array(meanRgb(f.eyeInHand())));
    }
    row.set("qpos", array(d.qpos()));
    row.set("qvel", array(d.qvel()));
    row.set("ctrl", array(d.ctrl()));
    return row;
  }

  private static double[] meanRgb(byte[] image) {
    long[] sum = new long[3];
    for (int i = 0; i < image.length; i++) sum[i % 3] += image[i] & 0xff;
    int n = image.length / 3;
    return new double[] {sum[0] / (double) n, sum[1] / (double) n, sum[2] / (double) n};
  }

  private static ArrayNode array(double[] v) {
    ArrayNode a = JSON.createArrayNode();
    for (double x : v) a.add(x);
    return a;
  }
}
