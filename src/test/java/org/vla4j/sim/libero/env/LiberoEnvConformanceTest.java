package org.vla4j.sim.libero.env;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The env step against the real LIBERO's trajectories ({@code reference/libero_object/traj/*.jsonl}): the
 * same init state and action sequence, compared row by row on the end-effector, joints, gripper and
 * objects. Prints the worst deviation per quantity.
 *
 * <p>Not bit-conformant yet (measured on the four libero_object runs): the end effector stays within
 * 1.7e-4 m and the arm joints within 7.2e-4 rad of the reference over all 50 steps; the objects, which
 * start slightly inside the floor, bounce up to 2 mm differently in the first three steps (all objects,
 * even untouched ones: not the solver warm start: stepping before set_init_state changes them by < 1e-15; cause not found) and then rest within 1e-9 m of
 * the reference. The bounds below are those measurements with some margin, so a regression fails.
 */
class LiberoEnvConformanceTest {

  @ParameterizedTest(name = "{0} task {1} init {2}")
  @CsvSource({"libero_object,0,0", "libero_object,0,1", "libero_object,7,0", "libero_object,7,1"})
  void followsTheReferenceTrajectory(String suite, int task, int init) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> rows = Files.readAllLines(org.vla4j.sim.libero.SharedLibero.reference(suite).resolve("traj/task" + task + "_init" + init + ".jsonl"));
    double worstEef = 0;
    double worstJoint = 0;
    double worstObj = 0;
    int worstRow = -1;
    StringBuilder perRow = new StringBuilder();
    try (LiberoEnv env = new LiberoEnv(LiberoWorldTest.world(suite, task).scene())) {
      env.setInitState(LiberoWorldTest.initStates(suite, task).get(init));
      for (int r = 1; r < rows.size(); r++) {
        JsonNode row = json.readTree(rows.get(r));
        double[] a = new double[7];
        for (int i = 0; i < 7; i++) a[i] = row.get("action").get(i).asDouble();
        LiberoEnv.StepResult res = env.step(a);
        double e = maxDev(env.world().eefPos(), row.get("robot0_eef_pos"));
        double j = maxDev(env.world().jointPos(), row.get("robot0_joint_pos"));
        double[] o = {0};
        row.get("object_pos").fields().forEachRemaining(f -> o[0] = Math.max(o[0], maxDev(env.world().objectPos(f.getKey()), f.getValue())));
        if (r >= 10) assertThat(o[0]).as("objects at rest, row " + r).isLessThan(1e-8);
        if (e > worstEef) worstRow = r;
        worstEef = Math.max(worstEef, e);
        worstJoint = Math.max(worstJoint, j);
        worstObj = Math.max(worstObj, o[0]);
        if (r <= 3 || r % 10 == 0) perRow.append(String.format("row %d eef %.2e joint %.2e obj %.2e; ", r, e, j, o[0]));
        assertThat(res.success()).as("success at row " + r).isEqualTo(row.get("success").asBoolean());
      }
    }
    System.out.printf("CONFORMANCE %s task %d init %d: max |Δ| eef_pos %.3e m (row %d), joint_pos %.3e rad, object_pos %.3e m | %s%n",
        suite, task, init, worstEef, worstRow, worstJoint, worstObj, perRow);
    assertThat(worstEef).as("eef position deviation over 50 steps").isLessThan(3e-4);
    assertThat(worstJoint).as("joint position deviation over 50 steps").isLessThan(1.5e-3);
    assertThat(worstObj).as("object position deviation over 50 steps").isLessThan(3e-3);
  }

  private static double maxDev(double[] a, JsonNode b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b.get(i).asDouble()));
    return m;
  }
}
