package org.vla4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vla4j.sim.libero.LiberoPaths;
import org.vla4j.sim.libero.SharedLibero;

/**
 * {@code vla4j sim play} end to end: the rows it writes against the real LIBERO's reference run, the keys
 * and layout of the reference files, byte-identical reruns, and one-line errors (exit 2) for bad action
 * files, suites, tasks, init states and LIBERO folders. The full 51-row comparison is
 * {@code LiberoEnvConformanceTest}.
 */
class SimPlayCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static String[] libero() {
    LiberoPaths p = SharedLibero.paths();
    return new String[] {"--libero-root", p.liberoRoot().toString(), "--robosuite-assets", p.robosuiteAssets().toString()};
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static List<JsonNode> rows(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) out.add(JSON.readTree(line));
    return out;
  }

  /** The first {@code n} actions of a reference run, as an action file. */
  private Path referenceActions(String run, int n) throws Exception {
    List<JsonNode> ref = rows(SharedLibero.reference("libero_object").resolve("traj/" + run + ".jsonl"));
    StringBuilder s = new StringBuilder();
    for (JsonNode r : ref.subList(1, n + 1)) s.append(r.get("action")).append('\n');
    Path f = dir.resolve(run + "_actions.jsonl");
    Files.writeString(f, s);
    return f;
  }

  @Test
  void writesTheReferenceRowsAndReruns() throws Exception {
    Path actions = referenceActions("task7_init1", 12);
    Path out = dir.resolve("play.jsonl");
    String[] ordered = concat(new String[] {"sim", "play"}, concat(libero(), "--suite", "libero_object", "--task", "7", "--init-state", "1", "--actions",
        actions.toString(), "--out", out.toString(), "--size", "128"));
    CliRun.Result r = CliRun.run(ordered);
    assertThat(r.code()).as(r.err()).isZero();
    List<JsonNode> got = rows(out);
    List<JsonNode> ref = rows(SharedLibero.reference("libero_object").resolve("traj/task7_init1.jsonl"));
    assertThat(got).hasSize(13);
    List<String> refKeys = new ArrayList<>();
    ref.getFirst().fieldNames().forEachRemaining(refKeys::add);
    refKeys.remove("phase");
    for (int i = 0; i < got.size(); i++) {
      List<String> keys = new ArrayList<>();
      got.get(i).fieldNames().forEachRemaining(keys::add);
      assertThat(keys).as("keys of row " + i).isEqualTo(refKeys);
      JsonNode g = got.get(i);
      JsonNode w = ref.get(i);
      assertThat(g.get("step").asInt()).isEqualTo(i);
      assertThat(g.get("action")).isEqualTo(w.get("action"));
      assertThat(g.get("success")).isEqualTo(w.get("success"));
      assertThat(g.get("reward")).isEqualTo(w.get("reward"));
      assertThat(g.get("done")).isEqualTo(w.get("done"));
      assertThat(dev(g.get("robot0_eef_pos"), w.get("robot0_eef_pos"))).isLessThanOrEqualTo(1e-6);
      assertThat(dev(g.get("robot0_joint_pos"), w.get("robot0_joint_pos"))).isLessThanOrEqualTo(1e-6);
      assertThat(g.get("object_pos").size()).isEqualTo(w.get("object_pos").size());
      assertThat(Math.abs(g.get("agentview_mean").asDouble() - w.get("agentview_mean").asDouble())).isLessThanOrEqualTo(1.0);
      assertThat(Math.abs(g.get("eye_in_hand_mean").asDouble() - w.get("eye_in_hand_mean").asDouble())).isLessThanOrEqualTo(1.0);
    }
    // row 0 is the init state itself: exactly the reference's, images included
    assertThat(got.getFirst().get("qpos")).isEqualTo(ref.getFirst().get("qpos"));
    assertThat(got.getFirst().get("agentview_mean")).isEqualTo(ref.getFirst().get("agentview_mean"));
    assertThat(got.getFirst().get("eye_in_hand_mean")).isEqualTo(ref.getFirst().get("eye_in_hand_mean"));

    // the same again, by task name: byte-identical
    Path again = dir.resolve("again.jsonl");
    CliRun.Result r2 = CliRun.run(concat(new String[] {"sim", "play"}, concat(libero(), "--suite", "libero_object", "--task",
        "pick_up_the_milk_and_place_it_in_the_basket", "--init-state", "1", "--actions", actions.toString(), "--out", again.toString())));
    assertThat(r2.code()).as(r2.err()).isZero();
    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(out));

    // without cameras: image means null, the physics unchanged
    Path noImages = dir.resolve("noimages.jsonl");
    CliRun.Result r3 = CliRun.run(concat(new String[] {"sim", "play"}, concat(libero(), "--suite", "libero_object", "--task", "7", "--init-state", "1",
        "--actions", actions.toString(), "--out", noImages.toString(), "--no-images")));
    assertThat(r3.code()).as(r3.err()).isZero();
    List<JsonNode> plain = rows(noImages);
    for (int i = 0; i < plain.size(); i++) {
      assertThat(plain.get(i).get("agentview_mean").isNull()).isTrue();
      assertThat(plain.get(i).get("qpos")).isEqualTo(got.get(i).get("qpos"));
      assertThat(plain.get(i).get("robot0_eef_pos")).isEqualTo(got.get(i).get("robot0_eef_pos"));
    }
  }

  @ParameterizedTest(name = "line {1}: {0}")
  @CsvSource(delimiter = '|', value = {
      "[0,0,0,0,0,0,-1]\\n[0,0,0]|2|7 numbers",
      "[0,0,0,0,0,0,-1]\\n{\"action\": [0,0,0,0,0,0,1]}|2|JSON array",
      "[0,0,0,0,0,0,\"x\"]|1|value 7",
      "hello|1|not JSON",
      "[0,0,0,0,0,0,-1]\\n\\n[0,0,0,0,0,0,-1]|2|empty line",
      "[0,0,0,0,0,0,NaN]|1|not JSON",
      "[0,0,0,0,0,0,1] [1]|1|not JSON",
      "[0,0,0,0,0,0,1e400]|1|not finite"})
  void badActionLinesAreNamedWithTheirLine(String content, int line, String says) throws Exception {
    Path actions = dir.resolve("bad.jsonl");
    Files.writeString(actions, content.replace("\\n", "\n") + "\n");
    CliRun.Result r = CliRun.run("sim", "play", "--suite", "libero_object", "--task", "0", "--init-state", "0", "--actions", actions.toString(), "--out",
        dir.resolve("o.jsonl").toString(), "--libero-root", dir.resolve("none").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("vla4j: " + actions + " line " + line + ": ").contains(says).doesNotContain("\n");
    assertThat(dir.resolve("o.jsonl")).doesNotExist();
  }

  @Test
  void badSuiteTaskAndFoldersAreOneLineErrors() throws Exception {
    Path actions = dir.resolve("a.jsonl");
    Files.writeString(actions, "[0,0,0,0,0,0,-1]\n");
    String out = dir.resolve("o.jsonl").toString();
    CliRun.Result suite = CliRun.run("sim", "play", "--suite", "object", "--task", "0", "--init-state", "0", "--actions", actions.toString(), "--out", out);
    assertThat(suite.code()).isEqualTo(2);
    assertThat(suite.err()).contains("'object'").contains("libero_object");
    CliRun.Result task = CliRun.run("sim", "play", "--suite", "libero_object", "--task", "10", "--init-state", "0", "--actions", actions.toString(), "--out", out);
    assertThat(task.code()).isEqualTo(2);
    assertThat(task.err()).contains("task 10").contains("0..9");
    CliRun.Result missing = CliRun.run("sim", "play", "--suite", "libero_object", "--task", "0", "--init-state", "0", "--actions",
        dir.resolve("nope.jsonl").toString(), "--out", out);
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no actions file");
    CliRun.Result folder = CliRun.run("sim", "play", "--suite", "libero_object", "--task", "0", "--init-state", "0", "--actions", actions.toString(), "--out",
        out, "--libero-root", dir.resolve("none").toString(), "--robosuite-assets", dir.toString());
    assertThat(folder.code()).isEqualTo(2);
    assertThat(folder.err().strip()).contains("does not exist").contains("base.xml").doesNotContain("\n");
  }

  @Test
  void initStateOutOfRangeIsRefusedAndArticulationGoalsPlay() throws Exception {
    Path actions = dir.resolve("a.jsonl");
    Files.writeString(actions, "[0,0,0,0,0,0,-1]\n");
    String out = dir.resolve("o.jsonl").toString();
    CliRun.Result init = CliRun.run(concat(new String[] {"sim", "play"}, concat(libero(), "--suite", "libero_object", "--task", "3", "--init-state", "50",
        "--actions", actions.toString(), "--out", out)));
    assertThat(init.code()).isEqualTo(2);
    assertThat(init.err()).contains("--init-state 50").contains("0..49");
    // libero_goal task 0's goal is (Open wooden_cabinet_1_middle_region): it plays, with the reference's reward, done and success
    List<JsonNode> ref = rows(SharedLibero.reference("libero_goal").resolve("traj/task0_init0.jsonl"));
    StringBuilder s = new StringBuilder();
    for (JsonNode r : ref.subList(1, 13)) s.append(r.get("action")).append('\n');
    Files.writeString(actions, s);
    CliRun.Result goal = CliRun.run(concat(new String[] {"sim", "play"}, concat(libero(), "--suite", "libero_goal", "--task", "0", "--init-state", "0",
        "--actions", actions.toString(), "--out", out, "--no-images")));
    assertThat(goal.code()).as(goal.err()).isZero();
    List<JsonNode> got = rows(Path.of(out));
    assertThat(got).hasSize(13);
    for (int i = 0; i < got.size(); i++) {
      for (String k : List.of("reward", "done", "success")) assertThat(got.get(i).get(k)).as(k + " row " + i).isEqualTo(ref.get(i).get(k));
    }
  }

  private static double dev(JsonNode a, JsonNode b) {
    double m = 0;
    for (int i = 0; i < b.size(); i++) m = Math.max(m, Math.abs(a.get(i).asDouble() - b.get(i).asDouble()));
    return m;
  }
}
