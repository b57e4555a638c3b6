package org.vla4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vla4j.data.LeRobotDataset.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.cli.CliRun;
import org.vla4j.rollout.Agent;
import org.vla4j.sim.env.RenderSettings;
import org.vla4j.sim.robot.ControllerConfig;
import org.vla4j.sim.env.Observation;
import org.vla4j.sim.expert.ScriptedExpert;
import org.vla4j.sim.suite.Suites;
import org.vla4j.sim.env.TabletopEnv;

/**
 * DAgger collection on the real simulator: who acts, what is recorded, when an episode ends. A
 * motionless test driver stands in for a policy where the test is about the collector; the last
 * test drives with the shipped ONNX model through the CLI.
 */
class DaggerCollectTest {
  @TempDir Path tmp;

  /** Holds the arm still with the gripper open, and counts its calls. */
  static final class StillDriver implements Agent {
    final AtomicInteger calls;

    StillDriver(AtomicInteger calls) {
      this.calls = calls;
    }

    @Override
    public String tag() {
      return "still";
    }

    @Override
    public void reset(long seed) {}

    @Override
    public double[] act(org.vla4j.sim.env.Env env, Observation observation) {
      calls.incrementAndGet();
      return new double[] {0, 0, 0, 0, 0, 0, -1};
    }
  }

  static DemoCollector.Config config(double beta, AtomicInteger calls, int workers) {
    return new DemoCollector.Config(Suites.get("object"), List.of(3), 2, 1, ScriptedExpert.Noise.NONE, 32, ControllerConfig.DEFAULT,
        RenderSettings.FAST, workers, 500, new DemoCollector.Dagger("still", () -> new StillDriver(calls), beta));
  }

  @Test
  void aStalledDriverEndsItsEpisodesWhichAreKeptWithTheExpertsLabels() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Path out = tmp.resolve("still");
    DemoCollector.Summary s = DemoCollector.collect(config(0, calls, 1), out, "vla4j_object", null);
    assertThat(s.kept()).isEqualTo(2);
    assertThat(s.driverSuccesses()).isZero();
    // the hand never moves, so each episode stops after exactly STALL_STEPS frames, failure kept
    assertThat(s.frames()).isEqualTo(2L * DemoRecorder.STALL_STEPS);
    assertThat(calls.get()).isEqualTo(2 * DemoRecorder.STALL_STEPS);
    List<Group> rows = ParquetIo.read(out.resolve(dataPath(0, 0)), List.of(ACTION));
    float[] label = ParquetIo.floatList(rows.getFirst(), ACTION);
    // the label is the expert's way to the hover point, not the driver's standstill
    assertThat(Math.abs(label[0]) + Math.abs(label[1]) + Math.abs(label[2])).isGreaterThan(0.1f);
    assertThat(label[6]).isEqualTo(-1f);
    JsonNode v = LeRobotWriter.JSON.readTree(out.resolve(INFO_PATH).toFile()).get("vla4j");
    assertThat(v.get("first_init_state").asInt()).isEqualTo(500);
    assertThat(v.get("dagger").get("driver").asText()).isEqualTo("still");
    assertThat(v.get("dagger").get("driver_successes").asInt()).isZero();
    List<Group> episodes = ParquetIo.read(out.resolve(EPISODES_PATH), List.of());
    assertThat(episodes).hasSize(2);
  }

  @Test
  void withBetaOneTheLabellerActsAloneAndCompletesTheTask() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    DemoCollector.Summary s = DemoCollector.collect(config(1, calls, 2), tmp.resolve("beta1"), "vla4j_object", null);
    assertThat(calls.get()).isZero();
    assertThat(s.kept()).isEqualTo(2);
    assertThat(s.driverSuccesses()).isEqualTo(2);
    assertThat(s.frames()).isGreaterThan(2L * DemoRecorder.STALL_STEPS);
  }

  @Test
  void stalledLooksAtHandPositionAndFingersOverTheWindow() {
    float[] still = {0.1f, 0.2f, 1.0f, 3f, 0f, 0f, 0.04f, -0.04f};
    List<Episode.Frame> frames = new ArrayList<>();
    for (int i = 0; i < DemoRecorder.STALL_STEPS - 1; i++) frames.add(new Episode.Frame(null, null, still, null));
    assertThat(DemoRecorder.stalled(frames)).as("shorter than the window").isFalse();
    frames.add(new Episode.Frame(null, null, still, null));
    assertThat(DemoRecorder.stalled(frames)).isTrue();
    float[] rotated = still.clone();
    rotated[3] = 2.5f; // orientation is not part of the test: a wrist turning in place is still a stall
    frames.add(new Episode.Frame(null, null, rotated, null));
    assertThat(DemoRecorder.stalled(frames)).isTrue();
    float[] finger = still.clone();
    finger[6] = 0.037f; // a finger moving 3 mm is not
    frames.add(new Episode.Frame(null, null, finger, null));
    assertThat(DemoRecorder.stalled(frames)).isFalse();
  }

  @Test
  void theShippedModelDrivesThroughTheCliDeterministically() throws Exception {
    List<String> base = List.of("collect", "--tasks", "5", "--episodes-per-task", "2", "--first-init-state", "1000",
        "--dagger-policy", "tiny-vla", "--no-progress");
    List<String> a = new ArrayList<>(base), b = new ArrayList<>(base);
    a.addAll(List.of("--workers", "1", "--out", tmp.resolve("a").toString()));
    b.addAll(List.of("--workers", "2", "--out", tmp.resolve("b").toString()));
    CliRun.Result ra = CliRun.run(a.toArray(String[]::new));
    assertThat(ra.code()).as(ra.err()).isZero();
    assertThat(ra.err()).containsPattern("DAgger driver tiny-vla succeeded in \\d of 2 episodes");
    CliRun.Result rb = CliRun.run(b.toArray(String[]::new));
    assertThat(rb.code()).as(rb.err()).isZero();
    assertThat(CollectTest.digests(tmp.resolve("b"))).isEqualTo(CollectTest.digests(tmp.resolve("a")));
  }

  @Test
  void refusesADaggerDriverThatIsNotALearnedPolicy() {
    CliRun.Result r = CliRun.run("collect", "--episodes-per-task", "1", "--dagger-policy", "expert", "--out", tmp.resolve("x").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("tiny-vla").contains("model folder");
  }
}
