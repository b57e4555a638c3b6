package org.vla4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vla4j.sim.SimInfo;
import org.vla4j.sim.libero.LiberoBenchmark;
import org.vla4j.sim.libero.init.TrainInitStateFile;
import org.vla4j.sim.libero.init.TrainInitStateGenerator;

/**
 * Regenerates vla4j's training init states of libero_object ({@link TrainInitStateFile}) with the default
 * generator parameters, and says whether the result is byte-identical to the shipped resource.
 *
 * <p>Arguments: {@code [OUT_FILE]} (default {@code
 * src/main/resources/org/vla4j/sim/libero/train_init_states/libero_object.json}). LIBERO is found as
 * for every command ({@code VLA4J_LIBERO_ROOT}, {@code VLA4J_ROBOSUITE_ASSETS}).
 */
public final class LiberoTrainInitStatesRegen {
  private LiberoTrainInitStatesRegen() {}

  public static void main(String[] args) throws Exception {
    String suite = "libero_object";
    Path out = Path.of(args.length > 0 ? args[0] : "src/main/resources" + TrainInitStateFile.resource(suite));
    LiberoBenchmark b = LiberoBenchmark.load(LiberoBenchmark.locate(), suite);
    TrainInitStateGenerator.Params p = TrainInitStateGenerator.DEFAULT;
    List<Integer> tasks = new ArrayList<>();
    for (int t = 0; t < b.taskNames().size(); t++) tasks.add(t);
    long t0 = System.nanoTime();
    var states = TrainInitStateFile.generate(b, p, tasks, p.statesPerTask(),
        t -> System.out.printf("task %d: %d states, %.0f s%n", t, p.statesPerTask(), (System.nanoTime() - t0) / 1e9));
    byte[] bytes = TrainInitStateFile.write(suite, SimInfo.mujocoVersion(), p, states);
    byte[] shipped = null;
    try (var in = TrainInitStateFile.class.getResourceAsStream(TrainInitStateFile.resource(suite))) {
      if (in != null) shipped = in.readAllBytes();
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, bytes);
    System.out.printf("wrote %s: %d bytes, sha256 %s%n", out, bytes.length, TrainInitStateFile.sha256(bytes));
    System.out.println(shipped == null ? "no shipped file to compare" : java.util.Arrays.equals(shipped, bytes)
        ? "byte-identical to the shipped resource" : "DIFFERS from the shipped resource (sha256 " + TrainInitStateFile.sha256(shipped) + ")");
  }
}
