package org.vla4j.sim.env;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vla4j.sim.libero.LiberoPaths;
import org.vla4j.sim.libero.SharedLibero;
import org.vla4j.sim.libero.env.LiberoCameras;
import org.vla4j.sim.libero.env.LiberoEnv;
import org.vla4j.sim.libero.env.LiberoPlay;
import org.vla4j.sim.libero.init.PrunedInitFile;
import org.vla4j.sim.libero.scene.LiberoSceneComposer;
import org.vla4j.sim.suite.InitStateGenerator;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;

/**
 * The eval env on {@code libero_object} ({@link LiberoTaskEnv}, real LIBERO files from {@code ../shared/libero}) sees
 * the frames {@code vla4j sim play} reports (robosuite's sampling substep, flags and multisampling), byte for byte,
 * with both envs open on one thread; several tasks share the env's one GL context.
 */
class LiberoTaskEnvTest {
  private static final int STEPS = 4;

  private static Suite suite() {
    return Suites.libero(SharedLibero.paths(), "libero_object");
  }

  /** The first {@link #STEPS} actions of the reference run {@code task<t>_init<i>}, and its rows. */
  private static List<JsonNode> reference(String run) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(SharedLibero.reference("libero_object").resolve("traj/" + run + ".jsonl"))) rows.add(json.readTree(line));
    return rows.subList(0, STEPS + 1);
  }

  private static double[] action(JsonNode row) {
    double[] a = new double[7];
    for (int i = 0; i < 7; i++) a[i] = row.get("action").get(i).asDouble();
    return a;
  }

  @Test
  void anEvalEpisodeSeesSimPlaysFramesByteForByte() throws Exception {
    Suite suite = suite();
    LiberoPaths paths = suite.libero().paths();
    List<JsonNode> ref = reference("task0_init0");
    List<double[]> actions = ref.subList(1, ref.size()).stream().map(LiberoTaskEnvTest::action).toList();
    double[] init = PrunedInitFile.read(suite.libero().initFiles().get(0)).get(0);

    List<LiberoCameras.Frames> play = new ArrayList<>();
    List<Observation> eval = new ArrayList<>();
    // both open on this thread: each env's GL context is made current when it renders
    try (LiberoEnv simPlay = new LiberoEnv(new LiberoSceneComposer(paths).compose(suite.libero().problems().get(0)), LiberoCameras.Settings.libero(128));
        LiberoTaskEnv env = new LiberoTaskEnv(suite, EnvConfig.LIBERO)) {
      eval.add(env.reset(0, InitStateGenerator.Stream.EVAL, 0));
      LiberoPlay.play(simPlay, init, actions, row -> {
        play.add(simPlay.frames());
        int step = row.get("step").asInt();
        if (step < actions.size()) eval.add(env.step(actions.get(step)).observation());
      });
      assertThat(env.glDescription()).isNotEqualTo("none");
    }
    assertThat(eval).hasSize(STEPS + 1);
    for (int k = 0; k <= STEPS; k++) {
      Observation o = eval.get(k);
      assertThat(o.imageSize()).isEqualTo(128);
      assertThat(o.agentviewImage()).as("agentview at step " + k).isEqualTo(play.get(k).agentview());
      assertThat(o.eyeInHandImage()).as("eye-in-hand at step " + k).isEqualTo(play.get(k).eyeInHand());
      // and LIBERO's own renders (the reference run's image means)
      assertThat(o.agentviewMean()).as("agentview mean at step " + k).isCloseTo(ref.get(k).get("agentview_mean").asDouble(), org.assertj.core.data.Offset.offset(1e-2));
      assertThat(LiberoCameras.Frames.mean(o.eyeInHandImage())).as("eye-in-hand mean at step " + k)
          .isCloseTo(ref.get(k).get("eye_in_hand_mean").asDouble(), org.assertj.core.data.Offset.offset(1e-2));
      // the observation's state is the one sampled with the frames (substep 24 of 25)
      assertThat(o.eefPos()).containsExactly(toArray(ref.get(k).get("robot0_eef_pos")), org.assertj.core.data.Offset.offset(1e-6));
    }
    assertThat(eval.get(STEPS).agentviewImage()).as("the frames move with the arm").isNotEqualTo(eval.get(0).agentviewImage());
  }

  @Test
  void withoutMultisamplingTheFramesDifferAndEveryTaskSharesTheContext() {
    Suite suite = suite();
    byte[] first, again, other, plain;
    try (LiberoTaskEnv env = new LiberoTaskEnv(suite, EnvConfig.LIBERO)) {
      first = env.reset(0, InitStateGenerator.Stream.EVAL, 3).agentviewImage();
      other = env.reset(7, InitStateGenerator.Stream.EVAL, 3).agentviewImage();
      again = env.reset(0, InitStateGenerator.Stream.EVAL, 3).agentviewImage();
    }
    try (LiberoTaskEnv env = new LiberoTaskEnv(suite, EnvConfig.LIBERO.withMultisampling(false))) {
      plain = env.reset(0, InitStateGenerator.Stream.EVAL, 3).agentviewImage();
    }
    assertThat(again).as("task 0 again after task 7 in the same env").isEqualTo(first);
    assertThat(other).as("task 7's scene").isNotEqualTo(first);
    assertThat(plain).as("without multisampling").isNotEqualTo(first);
    assertThat(Math.abs(LiberoCameras.Frames.mean(plain) - LiberoCameras.Frames.mean(first))).as("same scene, other edges").isLessThan(5.0);
  }

  @Test
  void theSettingsAreDescribedAsTheyRender() {
    Suite suite = suite();
    String d = EnvConfig.forSuite(suite, null).describe(suite);
    assertThat(d).contains("128x128").contains("shadows on").contains("multisampling the model's offsamples").contains("substep 24 of 25");
    assertThat(EnvConfig.forSuite(suite, "no-multisampling").describe(suite)).contains("multisampling off");
    assertThat(EnvConfig.forSuite(suite, "libero")).isEqualTo(EnvConfig.LIBERO);
    assertThat(EnvConfig.LIBERO.withCameras(false, false).describe(suite)).isEqualTo("libero: no cameras rendered");
    assertThat(EnvConfig.forSuite(Suites.get("object"), "no-multisampling")).isEqualTo(EnvConfig.DEFAULT);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EnvConfig.forSuite(suite, "msaa"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("msaa").hasMessageContaining("no-multisampling");
  }

  private static double[] toArray(JsonNode a) {
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) v[i] = a.get(i).asDouble();
    return v;
  }
}
