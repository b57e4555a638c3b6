package org.vla4j.sim.libero.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vla4j.mujoco.MjModel;
import org.vla4j.mujoco.MjObj;
import org.vla4j.sim.SimInfo;
import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.env.LiberoTaskEnv;
import org.vla4j.sim.env.RenderSettings;
import org.vla4j.sim.libero.LiberoBenchmark;
import org.vla4j.sim.libero.SharedLibero;
import org.vla4j.sim.libero.bddl.BddlInstance;
import org.vla4j.sim.libero.scene.LiberoScene;
import org.vla4j.sim.libero.scene.LiberoSceneComposer;
import org.vla4j.sim.libero.scene.ObjectExtents;
import org.vla4j.sim.suite.InitStateGenerator;
import org.vla4j.sim.suite.Suites;

/**
 * vla4j's training init states of libero_object against LIBERO's own data: the placement reproduces what the
 * official init states hold (orientations, heights, pinned positions, the ranges the free ones scatter in);
 * the shipped file regenerates bit-exactly (a subset) and round-trips byte for byte; it is disjoint from the
 * official states; the env's TRAIN stream reads it and EVAL still reads the official states.
 */
class TrainInitStatesTest {
  static LiberoBenchmark bench;
  static TrainInitStateFile.Loaded shipped;

  @BeforeAll
  static void load() {
    bench = LiberoBenchmark.load(SharedLibero.paths(), "libero_object");
    shipped = TrainInitStateFile.load("libero_object");
  }

  private record Layout(List<String> objects, int[] qposAdr) {}

  private static Layout layout(int task) {
    LiberoScene s = new LiberoSceneComposer(bench.paths()).compose(bench.problems().get(task));
    try (MjModel m = MjModel.fromXml(s.xml())) {
      List<String> names = bench.problems().get(task).objects().stream().map(BddlInstance::name).toList();
      int[] adr = names.stream().mapToInt(o -> m.jointQposAddress(m.id(MjObj.JOINT, o + "_joint0"))).toArray();
      return new Layout(names, adr);
    }
  }

  @Test
  void placementReproducesWhatTheOfficialStatesHold() {
    for (int t = 0; t < bench.taskNames().size(); t++) {
      RegionPlacementSampler sampler = new RegionPlacementSampler(bench.paths(), bench.problems().get(t));
      Layout lay = layout(t);
      List<double[]> official = PrunedInitFile.read(bench.initFiles().get(t));
      SplittableRandom rng = new SplittableRandom(t);
      for (int draw = 0; draw < 20; draw++) {
        List<RegionPlacementSampler.Placement> ps = sampler.sample(rng);
        for (RegionPlacementSampler.Placement p : ps) {
          int adr = lay.qposAdr[lay.objects.indexOf(p.object())];
          double[] o = official.get(draw);
          // orientation (LIBERO's quaternion quirk) and height are the official ones
          for (int k = 0; k < 4; k++) assertEquals(o[1 + adr + 3 + k], p.quatQpos()[k], 1e-12, "task " + t + " " + p.object() + " quat");
          assertEquals(o[1 + adr + 2], p.pos()[2], 1e-12, "task " + t + " " + p.object() + " z");
          // x, y: in the region's rectangle shrunk by the horizontal radius (LIBERO's interval), where all 50
          // official states lie too, and which they fill (a wrong radius would show); pinned where they all are
          double[] interval = interval(t, p.object());
          for (int k = 0; k < 2; k++) {
            double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
            for (double[] s : official) {
              lo = Math.min(lo, s[1 + adr + k]);
              hi = Math.max(hi, s[1 + adr + k]);
            }
            double a = interval[2 * k], b = interval[2 * k + 1], v = p.pos()[k];
            String what = "task " + t + " " + p.object() + " coordinate " + k;
            assertTrue(lo >= a - 1e-12 && hi <= b + 1e-12, what + ": official [" + lo + ", " + hi + "] outside LIBERO's interval [" + a + ", " + b + "]");
            assertTrue(hi - lo >= 0.8 * (b - a) - 1e-12, what + ": official [" + lo + ", " + hi + "] does not fill [" + a + ", " + b + "]");
            assertTrue(v >= a - 1e-12 && v <= b + 1e-12, what + " " + v + " outside [" + a + ", " + b + "]");
          }
        }
      }
    }
  }

  /** {@code [xlo, xhi, ylo, yhi]}: the object's region rectangle shrunk by its horizontal radius, ordered. */
  private static double[] interval(int task, String object) {
    var problem = bench.problems().get(task);
    String region = problem.init().stream().filter(q -> q.name().equals("on") && q.args().get(0).equals(object)).findFirst().orElseThrow().args().get(1);
    var range = problem.region(region).orElseThrow().ranges().getFirst();
    String category = problem.objects().stream().filter(o -> o.name().equals(object)).findFirst().orElseThrow().category();
    double r = ObjectExtents.of(bench.paths(), category).horizontalRadius();
    double x0 = range.x0() + r, x1 = range.x1() - r, y0 = range.y0() + r, y1 = range.y1() - r;
    return new double[] {Math.min(x0, x1), Math.max(x0, x1), Math.min(y0, y1), Math.max(y0, y1)};
  }

  @Test
  void shippedFileRegeneratesBitExactlyAndRoundTrips() {
    TrainInitStateGenerator.Params p = TrainInitStateGenerator.DEFAULT;
    assertEquals(bench.taskNames().size(), shipped.tasks().size());
    Map<String, String> hashes = bench.fileHashes();
    for (TrainInitStateFile.TaskStates ts : shipped.tasks()) {
      assertEquals(bench.taskNames().get(ts.task()), ts.name());
      assertEquals(hashes.get("bddl:" + bench.bddlFiles().get(ts.task()).getFileName()), ts.bddlSha256());
      assertEquals(p.statesPerTask(), ts.states().size());
    }
    // a subset regenerated from scratch: the same bits
    for (int t : new int[] {0, 6}) {
      try (TrainInitStateGenerator g = new TrainInitStateGenerator(bench, t, p)) {
        assertEquals(shipped.tasks().get(t).sceneSha256(), TrainInitStateFile.sceneSha256(g.scene(), bench.paths()));
        for (int i : new int[] {0, 37}) assertArrayEquals(shipped.tasks().get(t).states().get(i), g.state(i), "task " + t + " state " + i);
      }
    }
    // the whole file: its states written again are its bytes
    byte[] again = TrainInitStateFile.write("libero_object", SimInfo.mujocoVersion(), p, shipped.tasks());
    assertEquals(shipped.sha256(), TrainInitStateFile.sha256(again));
  }

  @Test
  void disjointFromTheOfficialStates() {
    double worst = Double.MAX_VALUE, officialAmongThemselves = Double.MAX_VALUE;
    for (TrainInitStateFile.TaskStates ts : shipped.tasks()) {
      Layout lay = layout(ts.task());
      List<double[]> official = PrunedInitFile.read(bench.initFiles().get(ts.task()));
      for (double[] s : ts.states()) for (double[] o : official) worst = Math.min(worst, distance(s, o, lay));
      for (int i = 0; i < official.size(); i++) {
        for (int j = 0; j < i; j++) officialAmongThemselves = Math.min(officialAmongThemselves, distance(official.get(i), official.get(j), lay));
      }
      for (int i = 0; i < ts.states().size(); i++) for (int j = 0; j < i; j++) assertTrue(distance(ts.states().get(i), ts.states().get(j), lay) > 0);
    }
    System.out.printf("closest training/official pair: %.6f m over all object positions (official pairs: %.6f m)%n", worst, officialAmongThemselves);
    assertTrue(worst > 1e-4, "a training init state is within " + worst + " m of an official one");
  }

  /** Euclidean distance between the object positions (every object's x, y, z) of two states. */
  private static double distance(double[] a, double[] b, Layout lay) {
    double s = 0;
    for (int adr : lay.qposAdr) for (int k = 0; k < 3; k++) s += (a[1 + adr + k] - b[1 + adr + k]) * (a[1 + adr + k] - b[1 + adr + k]);
    return Math.sqrt(s);
  }

  @Test
  void officialStatesPassTheSameCheck() {
    for (int t : new int[] {0, 4}) {
      List<double[]> official = PrunedInitFile.read(bench.initFiles().get(t));
      try (TrainInitStateGenerator g = new TrainInitStateGenerator(bench, t, TrainInitStateGenerator.DEFAULT)) {
        for (int i : new int[] {0, 25}) assertNull(g.check(official.get(i)).refusal(), "task " + t + " official state " + i);
      }
    }
  }

  @Test
  void envTrainStreamReadsTheFileAndEvalTheOfficialStates() {
    var suite = Suites.libero(bench.paths(), "libero_object");
    try (LiberoTaskEnv env = new LiberoTaskEnv(suite, new EnvConfig(64, RenderSettings.FAST, false, false))) {
      int t = 2;
      env.reset(t, InitStateGenerator.Stream.TRAIN, 5);
      double[] q = env.world().data().qpos();
      double[] want = shipped.tasks().get(t).states().get(5);
      for (int i = 0; i < q.length; i++) assertEquals(want[1 + i], q[i], "TRAIN qpos " + i);
      env.reset(t, InitStateGenerator.Stream.TRAIN, 5 + shipped.tasks().get(t).states().size()); // wraps
      assertArrayEquals(q, env.world().data().qpos());
      env.reset(t, InitStateGenerator.Stream.EVAL, 5);
      double[] off = PrunedInitFile.read(bench.initFiles().get(t)).get(5);
      double[] e = env.world().data().qpos();
      for (int i = 0; i < e.length; i++) assertEquals(off[1 + i], e[i], "EVAL qpos " + i);
    }
  }
}
