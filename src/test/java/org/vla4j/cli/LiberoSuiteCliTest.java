package org.vla4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.sim.libero.LiberoBenchmark;
import org.vla4j.sim.libero.LiberoPaths;
import org.vla4j.sim.libero.SharedLibero;

/**
 * Suite {@code libero_object} (the real LIBERO's files from {@code ../shared/libero}) through the CLI: eval
 * writes a run folder that replay reproduces, the plan and config record the wait protocol and the suite's
 * files, the scripted expert solves LIBERO's scenes, and a missing install is one clear line.
 */
class LiberoSuiteCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @AfterEach
  void forget() {
    LiberoBenchmark.usePaths(null);
  }

  @Test
  void tinyVlaOnLiberoObjectWritesARunFolderThatReplayReproduces() throws Exception {
    LiberoBenchmark.usePaths(SharedLibero.paths());
    Path run = tmp.resolve("run");
    CliRun.Result e = CliRun.run("eval", "--suite", "libero_object", "--policy", "tiny-vla", "--tasks", "7", "--episodes-per-task", "2",
        "--seed", "0", "--wait-steps", "libero", "--workers", "1", "--no-progress", "--out", run.toString());
    assertThat(e.code()).as(e.err()).isZero();
    List<JsonNode> episodes = lines(run.resolve("episodes.jsonl"));
    assertThat(episodes).hasSize(2);
    // the BDDL :language, lower-cased as LIBERO reads it
    assertThat(episodes).allSatisfy(x -> assertThat(x.get("instruction").asText()).isEqualTo("pick the milk and place it in the basket"));
    assertThat(episodes.stream().map(x -> x.get("init_state").asInt()).toList()).containsExactly(0, 1);
    List<JsonNode> steps = lines(run.resolve("steps.jsonl"));
    List<JsonNode> first = steps.stream().filter(x -> x.get("episode").asInt() == 0).toList();
    for (int s = 0; s < 5; s++) {
      assertThat(first.get(s).get("tag").asText()).isEqualTo("wait");
      assertThat(first.get(s).get("action").toString()).isEqualTo("[0.0,0.0,0.0,0.0,0.0,0.0,0.0]"); // LIBERO's own no-op
    }
    assertThat(first.get(5).get("tag").asText()).isEqualTo("tiny-vla");
    assertThat(first.get(5).get("img_mean").isNumber()).isTrue(); // the policy saw a rendered agentview
    int agentSteps = episodes.getFirst().get("steps").asInt();
    assertThat(first).hasSize(5 + agentSteps);
    assertThat(agentSteps).isBetween(1, 280);

    JsonNode config = JSON.readTree(run.resolve("config.json").toFile());
    assertThat(config.at("/plan/suite").asText()).isEqualTo("libero_object");
    assertThat(config.at("/plan/wait_steps").asText()).isEqualTo("libero");
    assertThat(config.at("/suite/max_steps").asInt()).isEqualTo(280);
    assertThat(config.at("/suite/wait_steps").asInt()).isEqualTo(5);
    assertThat(config.at("/suite/libero/files_sha256").size()).isEqualTo(20); // 10 BDDL + 10 init files
    assertThat(config.at("/suite/libero/files_sha256/bddl:pick_up_the_milk_and_place_it_in_the_basket.bddl").asText()).hasSize(64);
    assertThat(config.at("/fingerprint/suite_files_sha256").asText()).hasSize(64);
    assertThat(config.at("/fingerprint/suite_wait").asText()).isEqualTo("libero");
    // the policy saw LIBERO's frames, and the run says how they were rendered
    assertThat(config.at("/fingerprint/render_settings").asText()).isEqualTo(org.vla4j.sim.env.EnvConfig.LIBERO.describe(
        org.vla4j.sim.suite.Suites.libero(SharedLibero.paths(), "libero_object")));

    CliRun.Result r = CliRun.run("replay", run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("episode 0: identical").contains("episode 1: identical");
  }

  @Test
  void collectOnLiberoObjectRecordsLiberosFramesAfterTheWaitSteps() throws Exception {
    LiberoBenchmark.usePaths(SharedLibero.paths());
    Path out = tmp.resolve("demos");
    CliRun.Result c = CliRun.run("collect", "--suite", "libero_object", "--tasks", "0", "--episodes-per-task", "1", "--image-size", "32",
        "--workers", "1", "--no-progress", "--out", out.toString());
    assertThat(c.code()).as(c.err()).isZero();
    assertThat(c.err()).contains("1 kept");
    JsonNode info = JSON.readTree(out.resolve(org.vla4j.data.LeRobotDataset.INFO_PATH).toFile());
    assertThat(info.at("/features/" + org.vla4j.data.LeRobotDataset.AGENTVIEW + "/shape").toString()).isEqualTo("[32,32,3]");
    org.vla4j.sim.suite.Suite suite = org.vla4j.sim.suite.Suites.libero(SharedLibero.paths(), "libero_object");
    org.vla4j.sim.env.EnvConfig env = org.vla4j.sim.env.EnvConfig.LIBERO.withImageSize(32);
    assertThat(info.at("/vla4j/render_settings/description").asText()).isEqualTo(env.describe(suite));
    assertThat(info.at("/vla4j/render_settings/multisampling").asBoolean()).isTrue();

    // frame 0 is what the eval env shows after the wait steps from official state 0
    var rows = org.vla4j.data.ParquetIo.read(out.resolve(org.vla4j.data.LeRobotDataset.dataPath(0, 0)), List.of());
    byte[] recorded = org.vla4j.data.Png.decodeRgb(rows.getFirst().getGroup(org.vla4j.data.LeRobotDataset.AGENTVIEW, 0).getBinary("bytes", 0).getBytes())
        .pixels();
    byte[] seen;
    try (org.vla4j.sim.env.LiberoTaskEnv e = new org.vla4j.sim.env.LiberoTaskEnv(suite, env)) {
      org.vla4j.sim.env.Observation o = e.reset(0, org.vla4j.sim.suite.InitStateGenerator.Stream.TRAIN, 0);
      for (int i = 0; i < suite.waitSteps(); i++) o = e.step(suite.waitCommand()).observation();
      seen = o.agentviewImage();
    }
    assertThat(recorded).isEqualTo(seen);
  }

  @Test
  void theExpertSolvesLiberoObjectFromOfficialInitStatesAndReplayAgrees() throws Exception {
    LiberoBenchmark.usePaths(SharedLibero.paths());
    Path run = tmp.resolve("expert");
    // cream cheese and butter: flat boxes wider than the open gripper one way, so the expert must turn to them
    CliRun.Result e = CliRun.run("eval", "--suite", "libero_object", "--policy", "expert", "--tasks", "1,6", "--episodes-per-task", "3",
        "--init-states", "10-12", "--seed", "0", "--workers", "1", "--no-progress", "--out", run.toString());
    assertThat(e.code()).as(e.err()).isZero();
    List<JsonNode> episodes = lines(run.resolve("episodes.jsonl"));
    assertThat(episodes).hasSize(6);
    assertThat(episodes).allSatisfy(x -> assertThat(x.get("success").asBoolean()).as(x.toString()).isTrue());
    // default wait: OpenVLA's 10 x [0,0,0,0,0,0,-1]
    JsonNode step0 = lines(run.resolve("steps.jsonl")).getFirst();
    assertThat(step0.get("action").toString()).isEqualTo("[0.0,0.0,0.0,0.0,0.0,0.0,-1.0]");
    assertThat(JSON.readTree(run.resolve("config.json").toFile()).at("/plan/wait_steps").isMissingNode()).isTrue();
    CliRun.Result r = CliRun.run("replay", run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("episode 5: identical");
  }

  @Test
  void withoutLiberoTheSuiteIsRefusedNamingHowToPointAtIt() throws Exception {
    assumeTrue(System.getenv(LiberoPaths.LIBERO_ENV) == null && System.getenv(LiberoPaths.ROBOSUITE_ENV) == null, "LIBERO set in the environment");
    assumeTrue(!pythonHasLibero(), "python3 imports libero here");
    CliRun.Result e = CliRun.run("eval", "--suite", "libero_object", "--policy", "expert", "--out", tmp.resolve("x").toString(), "--no-progress");
    assertThat(e.code()).isEqualTo(2);
    assertThat(e.err().strip().lines().toList()).hasSize(1);
    assertThat(e.err()).contains("LIBERO not found").contains(LiberoPaths.LIBERO_OPTION).contains(LiberoPaths.LIBERO_ENV);
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  @Test
  void anUnknownWaitProtocolIsRefusedListingTheValidOnes() {
    CliRun.Result e = CliRun.run("eval", "--wait-steps", "five", "--out", tmp.resolve("y").toString(), "--no-progress");
    assertThat(e.code()).isEqualTo(2);
    assertThat(e.err()).contains("'five'").contains("openvla").contains("libero");
  }

  private static boolean pythonHasLibero() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import libero.libero, robosuite").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (Exception ex) {
      return false;
    }
  }

  private static List<JsonNode> lines(Path f) throws Exception {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (String l : Files.readAllLines(f)) out.add(JSON.readTree(l));
    return out;
  }
}
