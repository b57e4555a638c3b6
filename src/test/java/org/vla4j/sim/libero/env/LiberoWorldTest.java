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
      if (w.scene().problem().goal().stream().allMatch(g -> LiberoWorld.GOAL_PREDICATES.contains(g.name()))) {
        assertThat(w.success()).isEqualTo(row0.get("success").asBoolean());
      }
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

  /** Places a free-jointed object's root body at {@code pos}, upright, and recomputes poses and contacts. */
  private static void place(LiberoWorld w, String instance, double x, double y, double z) {
    var m = w.model();
    int a = m.jointQposAddress(m.id(MjObj.JOINT, instance + "_joint0"));
    double[] q = w.data().qpos();
    q[a] = x; q[a + 1] = y; q[a + 2] = z;
    q[a + 3] = 1; q[a + 4] = 0; q[a + 5] = 0; q[a + 6] = 0;
    w.data().setQpos(q);
    w.data().forward();
  }

  /** On(a, object): the target's origin not above a's, the two touching, origins less than 3 cm apart in xy. */
  @Test
  void onAnObjectNeedsContactAnOriginNotAboveAndThreeCentimetres() {
    try (LiberoWorld w = world("libero_spatial", 0)) {
      w.setInitState(initStates("libero_spatial", 0).getFirst());
      assertThat(w.success()).isFalse(); // the goal (On akita_black_bowl_1 plate_1) at the init state
      double[] plate = w.objectPos("plate_1");
      double z = plate[2] + 0.10;
      boolean touched = false;
      while (!touched && z > plate[2] - 0.05) { // lower the bowl onto the plate's centre until they touch
        z -= 0.001;
        place(w, "akita_black_bowl_1", plate[0], plate[1], z);
        touched = w.touching("akita_black_bowl_1", "plate_1");
      }
      assertThat(touched).as("the bowl reaches the plate").isTrue();
      assertThat(w.on("akita_black_bowl_1", "plate_1")).isTrue();
      assertThat(w.success()).isTrue();
      assertThat(w.on("plate_1", "akita_black_bowl_1")).as("the plate under the bowl is not on it").isFalse();
      place(w, "akita_black_bowl_1", plate[0] + 0.035, plate[1], z);
      assertThat(w.touching("akita_black_bowl_1", "plate_1")).isTrue();
      assertThat(w.on("akita_black_bowl_1", "plate_1")).as("3.5 cm off centre").isFalse();
      place(w, "akita_black_bowl_1", plate[0] + 0.02, plate[1], z);
      assertThat(w.on("akita_black_bowl_1", "plate_1")).as("2 cm off centre").isTrue();
      place(w, "akita_black_bowl_1", plate[0], plate[1], z + 0.05);
      assertThat(w.on("akita_black_bowl_1", "plate_1")).as("5 cm above, not touching").isFalse();
    }
  }

  private static int task(String suite, String bddlPart) {
    for (int t = 0; t < 10; t++) if (SharedLibero.info(suite, t).get("bddl_file").asText().contains(bddlPart)) return t;
    throw new AssertionError("no " + suite + " task with " + bddlPart);
  }

  /** On(a, site): d = R·(o − p) within (s_z − 0.005, s_z + 0.10) and |d_xy| < s_xy; a site of an object also needs contact. */
  @Test
  void onASiteIsTheUnderBandAndAnObjectsSiteNeedsContact() {
    int t = task("libero_goal", "push_the_plate_to_the_front_of_the_stove");
    try (LiberoWorld w = world("libero_goal", t)) {
      w.setInitState(initStates("libero_goal", t).getFirst());
      assertThat(w.success()).isFalse();
      String zone = "main_table_stove_front_region";
      assertThat(w.siteParent(zone)).as("a table zone has no parent").isNull();
      var m = w.model();
      int s = m.id(MjObj.SITE, zone);
      double[] p = new double[3], r = new double[9];
      w.data().sitePos(s, p);
      w.data().siteMat(s, r);
      assertThat(r).containsExactly(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, within(1e-9)); // the zone is axis-aligned
      double[] size = m.values(org.vla4j.mujoco.MjModelArray.SITE_SIZE);
      double sx = size[3 * s], sz = size[3 * s + 2];
      place(w, "plate_1", p[0], p[1], p[2] + sz + 0.02);
      assertThat(w.on("plate_1", zone)).isTrue();
      assertThat(w.success()).isTrue();
      place(w, "plate_1", p[0], p[1], p[2] + sz + 0.11);
      assertThat(w.on("plate_1", zone)).as("above the 10 cm band").isFalse();
      place(w, "plate_1", p[0], p[1], p[2] + sz - 0.01);
      assertThat(w.on("plate_1", zone)).as("below the band").isFalse();
      place(w, "plate_1", p[0] + sx + 0.005, p[1], p[2] + sz + 0.02);
      assertThat(w.on("plate_1", zone)).as("beyond the zone's x half-size").isFalse();

      String top = "wooden_cabinet_1_top_side";
      assertThat(w.siteParent(top)).isEqualTo("wooden_cabinet_1");
      int c = m.id(MjObj.SITE, top);
      w.data().sitePos(c, p);
      w.data().siteMat(c, r);
      double[] o = new double[3]; // R·d = (0, 0, s_z + 0.05): d = Rᵀ·(0, 0, s_z + 0.05)
      for (int i = 0; i < 3; i++) o[i] = p[i] + r[3 * 2 + i] * (size[3 * c + 2] + 0.05);
      place(w, "plate_1", o[0], o[1], o[2]);
      assertThat(w.touching("plate_1", "wooden_cabinet_1")).isFalse();
      assertThat(w.on("plate_1", top)).as("in the band over the cabinet's top, but not touching the cabinet").isFalse();
    }
  }

  /** The joints Open/Close/TurnOn read: an object's every hinge and slide (the reference's list), a site's body's own. */
  @ParameterizedTest(name = "{0} task {1}")
  @CsvSource({"libero_goal,0", "libero_goal,7", "libero_10,2", "libero_10,3", "libero_10,8", "libero_10,9"})
  void articulationJointsAreTheOnesLiberoReads(String suite, int task) {
    JsonNode articulated = SharedLibero.info(suite, task).get("articulated");
    try (LiberoWorld w = world(suite, task)) {
      articulated.fields().forEachRemaining(e -> {
        List<String> want = new java.util.ArrayList<>();
        e.getValue().get("joints").forEach(j -> want.add(j.asText()));
        assertThat(names(w, w.articulationJoints(e.getKey()))).as(e.getKey()).isEqualTo(want);
      });
      if (suite.equals("libero_goal")) {
        assertThat(names(w, w.articulationJoints("wooden_cabinet_1_middle_region"))).containsExactly("wooden_cabinet_1_middle_level");
        assertThat(names(w, w.articulationJoints("wooden_cabinet_1_top_region"))).containsExactly("wooden_cabinet_1_top_level");
      }
      if (task == 3) assertThat(names(w, w.articulationJoints("white_cabinet_1_bottom_region"))).containsExactly("white_cabinet_1_bottom_level");
    }
  }

  private static List<String> names(LiberoWorld w, int[] joints) {
    return java.util.Arrays.stream(joints).mapToObj(j -> w.model().name(MjObj.JOINT, j)).toList();
  }

  /** At the official init state 0, against the joint values the reference records there. */
  @Test
  void articulationPredicatesAtInitStateZero() {
    try (LiberoWorld w = at("libero_goal", 0)) { // every drawer at 0.0
      assertThat(w.articulation("open", "wooden_cabinet_1_middle_region")).isFalse();
      assertThat(w.articulation("close", "wooden_cabinet_1_middle_region")).isFalse(); // q > 0.0, strictly: 0.0 is not closed
      assertThat(w.articulation("turnon", "flat_stove_1")).isFalse();
      assertThatThrownBy(() -> w.articulation("open", "flat_stove_1")).isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("flat_stove").hasMessageContaining("wooden_cabinet");
      assertThatThrownBy(() -> w.articulation("open", "nowhere")).hasMessageContaining("wooden_cabinet_1_middle_region");
    }
    try (LiberoWorld w = at("libero_10", 3)) { // bottom drawer at -0.146: open
      assertThat(w.articulation("open", "white_cabinet_1_bottom_region")).isTrue();
      assertThat(w.articulation("close", "white_cabinet_1_bottom_region")).isFalse();
      assertThat(w.articulation("open", "white_cabinet_1_top_region")).isFalse();
      assertThat(w.articulation("open", "white_cabinet_1")).isTrue(); // the fixture: any of its three drawers
    }
    try (LiberoWorld w = at("libero_10", 8)) { // the stove's button at 1.438
      assertThat(w.articulation("turnon", "flat_stove_1")).isTrue();
      assertThat(w.success()).isFalse(); // the moka pots are not on it
    }
    try (LiberoWorld w = at("libero_10", 9)) { // the microwave door at -1.579
      assertThat(w.articulation("open", "microwave_1")).isTrue();
      assertThat(w.articulation("close", "microwave_1")).isFalse();
    }
  }

  /** Each threshold of articulated_objects.py, on both sides. */
  @Test
  void articulationThresholdsAreLiberos() {
    try (LiberoWorld w = at("libero_goal", 0)) {
      setJoint(w, "wooden_cabinet_1_middle_level", -0.1399);
      assertThat(w.articulation("open", "wooden_cabinet_1_middle_region")).isFalse();
      setJoint(w, "wooden_cabinet_1_middle_level", -0.1401);
      assertThat(w.articulation("open", "wooden_cabinet_1_middle_region")).isTrue();
      assertThat(w.success()).isTrue(); // libero_goal task 0: open the middle drawer
      setJoint(w, "wooden_cabinet_1_middle_level", 1e-4);
      assertThat(w.articulation("close", "wooden_cabinet_1_middle_region")).isTrue();
      setJoint(w, "flat_stove_1_button", 0.4999);
      assertThat(w.articulation("turnon", "flat_stove_1")).isFalse();
      setJoint(w, "flat_stove_1_button", 0.5);
      assertThat(w.articulation("turnon", "flat_stove_1")).isTrue();
    }
    try (LiberoWorld w = at("libero_10", 9)) {
      setJoint(w, "microwave_1_microjoint", -1.2999);
      assertThat(w.articulation("open", "microwave_1")).isFalse();
      setJoint(w, "microwave_1_microjoint", -0.0051);
      assertThat(w.articulation("close", "microwave_1")).isFalse();
      setJoint(w, "microwave_1_microjoint", -0.0049);
      assertThat(w.articulation("close", "microwave_1")).isTrue();
    }
  }

  private static LiberoWorld at(String suite, int task) {
    LiberoWorld w = world(suite, task);
    w.setInitState(initStates(suite, task).getFirst());
    return w;
  }

  private static void setJoint(LiberoWorld w, String joint, double value) {
    double[] q = w.data().qpos();
    q[w.model().jointQposAddress(w.model().id(MjObj.JOINT, joint))] = value;
    w.data().setQpos(q);
    w.data().forward();
  }

  /** Every goal of the four suites evaluates, and gives the reference's success at the official init state 0. */
  @ParameterizedTest(name = "{0} task {1}")
  @CsvSource({"libero_spatial,0", "libero_spatial,1", "libero_spatial,2", "libero_spatial,3", "libero_spatial,4", "libero_spatial,5",
      "libero_spatial,6", "libero_spatial,7", "libero_spatial,8", "libero_spatial,9", "libero_goal,0", "libero_goal,1", "libero_goal,2",
      "libero_goal,3", "libero_goal,4", "libero_goal,5", "libero_goal,6", "libero_goal,7", "libero_goal,8", "libero_goal,9", "libero_10,0",
      "libero_10,1", "libero_10,2", "libero_10,3", "libero_10,4", "libero_10,5", "libero_10,6", "libero_10,7", "libero_10,8", "libero_10,9"})
  void everyGoalEvaluatesAsTheReferenceAtInitStateZero(String suite, int task) {
    try (LiberoWorld w = at(suite, task)) {
      assertThat(w.success()).isEqualTo(SharedLibero.info(suite, task).get("success_at_init0").asBoolean());
    }
  }
}
