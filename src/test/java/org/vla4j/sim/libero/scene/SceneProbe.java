package org.vla4j.sim.libero.scene;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.vla4j.mujoco.MjModel;
import org.vla4j.sim.libero.LiberoPaths;
import org.vla4j.sim.libero.SharedLibero;
import org.vla4j.sim.libero.bddl.BddlParser;
import org.vla4j.sim.libero.bddl.BddlProblem;

class SceneProbe {
  @Test
  void probe() throws Exception {
    String suite = System.getProperty("probe.suite", "libero_object");
    int task = Integer.getInteger("probe.task", 0);
    LiberoPaths paths = SharedLibero.paths();
    JsonNode info = SharedLibero.info(suite, task);
    BddlProblem p = BddlParser.parse(paths.bddlDir(suite).resolve(info.get("bddl_file").asText()));
    LiberoScene s = new LiberoSceneComposer(paths).compose(p);
    Files.writeString(Path.of("/tmp/ours.xml"), s.xml());
    try (MjModel ours = MjModel.fromXml(s.xml());
        MjModel ref = ModelComparison.compileReference(SharedLibero.reference(suite).resolve("scenes/task_" + task + ".xml"))) {
      var r = ModelComparison.compare(ours, ref);
      System.out.println("PROBE " + r.summary(1e-9));
      for (var f : r.fields()) System.out.println("FIELD " + f);
    }
  }
}
