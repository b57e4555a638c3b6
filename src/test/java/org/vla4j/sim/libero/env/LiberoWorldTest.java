package org.vla4j.sim.libero.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vla4j.mujoco.MjObj;
import org.vla4j.sim.libero.LiberoPaths;
import org.vla4j.sim.libero.SharedLibero;
import org.vla4j.sim.libero.bddl.BddlParser;
import org.vla4j.sim.libero.bddl.BddlProblem;
import org.vla4j.sim.libero.init.PrunedInitFile;
import org.vla4j.sim.libero.scene.LiberoScene;
import org.vla4j.sim.libero.scene.LiberoSceneComposer;

/** {@code set_init_state} and the observations against row 0 of the reference trajectories. */
class LiberoWorldTest {
  private static final double TOL = 1e-12;

  static LiberoWorld world(String suite, int task) {
    LiberoPaths paths = SharedLibero.paths();
    JsonNode info = SharedLibero.info(suite, task);
    BddlProblem p = BddlParser.parse(paths.bddlDir(suite).resolve(info.get("bddl_file").asText()));
    LiberoScene scene = new LiberoSceneComposer(paths).compose(p);
    return new LiberoWorld(scene);
  }

  static List<double[]> initStates(String suite, int task) {
    JsonNode info = SharedLibero.info(suite, task);
    return PrunedInitFile.read(SharedLibero.paths().initFilesDir(suite).resolve(info.get("init_states_file").asText()));
  }

  @ParameterizedTest(name = "{0} task {1} init {2}")
  @CsvSource({"libero_object,0,0", "libero_object,0,1", "libero_object,7,0", "libero_object,7,1", "libero_spatial,0,0", "libero_spatial,0,1",
      "libero_goal,0,0", "libero_goal,0,1", "libero_10,0,0", "libero_10,0,1"})
  void setInitStateGivesTheReferenceObservations(String suite, int task, int init) throws Exception {
    JsonNode row0 = new ObjectMapper().readTree(Files.readAllLines(SharedLibero.reference(suite).resolve("traj/task" + task + "_init" + init + ".jsonl")).getFirst());
    assertThat(row0.get("phase").asText()).isEqualTo("after_set_init_state");
    try (LiberoWorld w = world(suite, task)) {
      w.setInitState(initStates(suite, task).get(init));
      assertThat(w.data().time()).isEqualTo(row0.get("sim_time").asDouble());
      close(w.eefPos(), row0.get("robot0_eef_pos"), "eef_pos");
      close(w.eefQuatXyzw(), row0.get("robot0_eef_quat"), "eef_quat");
      close(w.gripperQpos(), row0.get("robot0_gripper_qpos"), "gripper_qpos");
      close(w.jointPos(), row0.get("robot0_joint_pos"), "joint_pos");
      close(w.jointVel(), row0.get("robot0_joint_vel"), "joint_vel");
      close(w.data().qpos(), row0.get("qpos"), "qpos");
      close(w.data().qvel(), row0.get("qvel"), "qvel");
      row0.get("object_pos").fields().forEachRemaining(e -> close(w.objectPos(e.getKey()), e.getValue(), e.getKey() + " pos"));
      row0.get("object_quat_xyzw").fields().forEachRemaining(e -> close(w.objectQuatXyzw(e.getKey()), e.getValue(), e.getKey() + " quat"));
      if (suite.equals("libero_object")) assertThat(w.success()).isEqualTo(row0.get("success").asBoolean());
    }
  }

  private static void close(double[] ours, JsonNode ref, String what) {
    assertThat(ours).as(what).hasSize(ref.size());
    for (int i = 0; i < ours.length; i++) assertThat(ours[i]).as(what + "[" + i + "]").isCloseTo(ref.get(i).asDouble(), within(TOL));
  }

  /** The In rule: inside the |R·s| box (bottom lowered 1 cm), strictly; and its 45° quirk. */
  @Test
  void inRuleAndItsQuirk() {
    try (LiberoWorld w = world("libero_object", 0)) {
      w.setInitState(initStates("libero_object", 0).getFirst());
      var m = w.model();
      int soupQ = m.jointQposAddress(m.id(MjObj.JOINT, "alphabet_soup_1_joint0"));
      int basketQ = m.jointQposAddress(m.id(MjObj.JOINT, "basket_1_joint0"));
      double[] q = w.data().qpos();
      assertThat(w.success()).isFalse();
      // basket upright at yaw 0 at (0.1, 0.2, 0); the contain region's centre is 0.07185 m above its origin
      q[basketQ] = 0.1; q[basketQ + 1] = 0.2; q[basketQ + 2] = 0;
      q[basketQ + 3] = 1; q[basketQ + 4] = 0; q[basketQ + 5] = 0; q[basketQ + 6] = 0;
      double cz = 0.07185;
      double hz = 0.06949;
      placeSoup(w, q, soupQ, 0.1, 0.2, cz);
      assertThat(w.in("alphabet_soup_1", "basket_1_contain_region")).isTrue();
      assertThat(w.success()).isTrue();
      placeSoup(w, q, soupQ, 0.1, 0.2, cz - hz - 0.005); // below the box but above the lowered bottom
      assertThat(w.in("alphabet_soup_1", "basket_1_contain_region")).isTrue();
      placeSoup(w, q, soupQ, 0.1, 0.2, cz - hz - 0.015);
      assertThat(w.in("alphabet_soup_1", "basket_1_contain_region")).isFalse();
      placeSoup(w, q, soupQ, 0.1 + 0.07, 0.2, cz); // beyond the 0.06108 half-width
      assertThat(w.in("alphabet_soup_1", "basket_1_contain_region")).isFalse();
      // basket yawed 45°: |R·s| has a zero x half-width, so not even the centre is "in"
      q[basketQ + 3] = Math.cos(Math.PI / 8); q[basketQ + 6] = Math.sin(Math.PI / 8);
      placeSoup(w, q, soupQ, 0.1, 0.2, cz);
      assertThat(w.in("alphabet_soup_1", "basket_1_contain_region")).isFalse();
    }
  }

  private static void placeSoup(LiberoWorld w, double[] q, int soupQ, double x, double y, double z) {
    q[soupQ] = x; q[soupQ + 1] = y; q[soupQ + 2] = z;
    w.data().setQpos(q);
    w.data().forward();
  }

  @Test
  void rejectsAnotherTasksInitState() {
    try (LiberoWorld w = world("libero_object", 0)) {
      double[] wrong = initStates("libero_10", 0).getFirst();
      assertThatThrownBy(() -> w.setInitState(wrong)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1 + nq + nv = 110").hasMessageContaining("got " + wrong.length);
      assertThatThrownBy(() -> w.in("alphabet_soup_1", "nowhere")).hasMessageContaining("basket_1_contain_region");
      assertThatThrownBy(() -> w.objectPos("ghost_1")).hasMessageContaining("alphabet_soup_1");
    }
  }
}
