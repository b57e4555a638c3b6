package org.vla4j.sim.libero.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vla4j.mujoco.MjData;
import org.vla4j.mujoco.MjModel;
import org.vla4j.mujoco.MjModelArray;
import org.vla4j.mujoco.MjObj;
import org.vla4j.sim.libero.LiberoPaths;
import org.vla4j.sim.libero.SharedLibero;
import org.vla4j.sim.libero.bddl.BddlParser;
import org.vla4j.sim.libero.bddl.BddlProblem;

/**
 * libero_object's ten scenes, composed from the BDDL and asset folders alone, against MuJoCo's compile of
 * the MJCF the real LIBERO compiled ({@code reference/libero_object/scenes/task_<i>.xml}) and the facts in
 * {@code task_<i>_info.json}.
 */
class LiberoObjectSceneTest {
  private static final String SUITE = "libero_object";

  static LiberoScene compose(String suite, int task) {
    LiberoPaths paths = SharedLibero.paths();
    JsonNode info = SharedLibero.info(suite, task);
    BddlProblem p = BddlParser.parse(paths.bddlDir(suite).resolve(info.get("bddl_file").asText()));
    return new LiberoSceneComposer(paths).compose(p);
  }

  static MjModel reference(String suite, int task) {
    return ModelComparison.compileReference(SharedLibero.reference(suite).resolve("scenes/task_" + task + ".xml"));
  }

  /** Every compared field is bit-equal: our MJCF carries the same numbers as robosuite's. */
  @ParameterizedTest(name = "task {0}")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
  void compilesEqualToTheReference(int task) {
    LiberoScene scene = compose(SUITE, task);
    try (MjModel ours = MjModel.fromXml(scene.xml()); MjModel ref = reference(SUITE, task)) {
      ModelComparison.Report r = ModelComparison.compare(ours, ref);
      assertThat(r.equal(0.0)).as(r.summary(0.0)).isTrue();
    }
  }

  /** The compiled model agrees with what the real environment reported about itself. */
  @ParameterizedTest(name = "task {0}")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
  void matchesTheReferenceInfo(int task) {
    JsonNode info = SharedLibero.info(SUITE, task);
    LiberoScene scene = compose(SUITE, task);
    assertThat(scene.problemClass()).isEqualTo(ProblemClass.FLOOR);
    try (MjModel m = MjModel.fromXml(scene.xml()); MjData d = new MjData(m)) {
      assertThat(m.nq()).isEqualTo(info.get("nq").asInt());
      assertThat(m.nv()).isEqualTo(info.get("nv").asInt());
      assertThat(m.nu()).isEqualTo(info.get("nu").asInt());
      assertThat(m.nbody()).isEqualTo(info.get("nbody").asInt());
      assertThat(m.ngeom()).isEqualTo(info.get("ngeom").asInt());
      assertThat(m.nsite()).isEqualTo(info.get("nsite").asInt());
      assertThat(m.njnt()).isEqualTo(info.get("njnt").asInt());
      assertThat(m.nmesh()).isEqualTo(info.get("nmesh").asInt());
      assertThat(m.ntex()).isEqualTo(info.get("ntex").asInt());
      assertThat(m.nmat()).isEqualTo(info.get("nmat").asInt());
      assertThat(m.ncam()).isEqualTo(info.get("ncam").asInt());
      assertThat(m.nlight()).isEqualTo(info.get("nlight").asInt());
      assertThat(m.timestep()).isEqualTo(info.get("timestep").asDouble());
      assertThat(m.impratio()).isEqualTo(info.get("impratio").asDouble());
      assertThat(m.cone()).isEqualTo(info.get("cone").asInt());
      assertThat(m.solver()).isEqualTo(info.get("solver").asInt());
      assertThat(m.iterations()).isEqualTo(info.get("iterations").asInt());
      assertThat(m.density()).isEqualTo(info.get("density").asDouble());
      assertThat(m.viscosity()).isEqualTo(info.get("viscosity").asDouble());
      assertThat(m.names(MjObj.BODY)).isEqualTo(texts(info.get("body_names")));
      assertThat(m.names(MjObj.ACTUATOR)).isEqualTo(texts(info.get("actuator_names")));
      assertThat(m.names(MjObj.SITE)).isEqualTo(texts(info.get("site_names")));
      assertThat(m.names(MjObj.CAMERA)).isEqualTo(texts(info.get("camera_names")));
      for (JsonNode j : info.get("joints")) {
        int id = m.id(MjObj.JOINT, j.get("name").asText());
        assertThat(m.jointQposAddress(id)).as(j.toString()).isEqualTo(j.get("qposadr").asInt());
        assertThat(m.jointDofAddress(id)).as(j.toString()).isEqualTo(j.get("dofadr").asInt());
        assertThat(m.name(MjObj.BODY, m.jointBody(id))).as(j.toString()).isEqualTo(j.get("body").asText());
      }
      double[] mass = m.values(MjModelArray.BODY_MASS);
      info.get("body_mass").fields().forEachRemaining(e ->
          assertThat(mass[m.id(MjObj.BODY, e.getKey())]).as(e.getKey()).isCloseTo(e.getValue().asDouble(), within(1e-12)));
      List<String> roots = new ArrayList<>();
      info.get("object_root_bodies").fields().forEachRemaining(e -> roots.add(e.getValue().asText()));
      assertThat(new ArrayList<>(scene.objectRootBodies().values())).isEqualTo(roots);
      // free joints: qpos 9 + 7k, dof 9 + 6k in :objects order
      int k = 0;
      for (String body : roots) {
        int jnt = m.id(MjObj.JOINT, body.replace("_main", "_joint0"));
        assertThat(m.jointType(jnt)).isZero();
        assertThat(m.jointQposAddress(jnt)).isEqualTo(9 + 7 * k);
        assertThat(m.jointDofAddress(jnt)).isEqualTo(9 + 6 * k);
        k++;
      }
      // static zone sites: size and world frame as the environment reported them
      d.forward();
      double[] size = m.values(MjModelArray.SITE_SIZE);
      info.get("object_sites").fields().forEachRemaining(e -> {
        JsonNode s = e.getValue();
        int id = m.id(MjObj.SITE, e.getKey());
        for (int i = 0; i < 3; i++) assertThat(size[3 * id + i]).as(e.getKey() + " size").isEqualTo(s.get("size").get(i).asDouble());
        if (s.get("parent").isNull()) {
          double[] p = new double[3];
          d.sitePos(id, p);
          for (int i = 0; i < 3; i++) assertThat(p[i]).as(e.getKey() + " xpos").isCloseTo(s.get("site_xpos").get(i).asDouble(), within(1e-12));
        }
      });
    }
  }

  /** The comparison can fail: a different task's scene is not equal to task 0's reference. */
  @Test
  void comparisonDetectsADifferentScene() {
    try (MjModel ours = MjModel.fromXml(compose(SUITE, 1).xml()); MjModel ref = reference(SUITE, 0)) {
      ModelComparison.Report r = ModelComparison.compare(ours, ref);
      assertThat(r.equal(1e-6)).isFalse();
      assertThat(r.names()).containsKey("body");
    }
  }

  private static List<String> texts(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(x -> out.add(x.asText()));
    return out;
  }
}
