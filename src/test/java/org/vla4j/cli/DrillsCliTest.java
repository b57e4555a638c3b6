package org.vla4j.cli;

import org.vla4j.cli.CliRun.Result;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.eval.run.RunOptions;
import org.vla4j.eval.run.RunnerProvider;
import org.vla4j.policy.steps.Fault;
import org.vla4j.diagnose.drills.Drill;
import org.vla4j.rollout.EpisodeResult;
import org.vla4j.rollout.EpisodeRunner;
import org.vla4j.rollout.EpisodeSpec;
import org.vla4j.rollout.StepRecord;
import org.vla4j.sim.suite.Suite;
import picocli.CommandLine;

/**
 * {@code vla4j drills} through picocli: the pass/fail exit codes and the calibration layout with a
 * fake learned policy whose toggles produce textbook symptoms; argument checks; and the real shipped
 * model ({@code models/tiny-vla}) on a short episode, run twice for byte-identical files.
 */
class DrillsCliTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;


  static Result run(RunnerProvider runners, String... args) {
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        if (cls == DrillsCommand.class && runners != null) return cls.cast(new DrillsCommand(runners));
        return CommandLine.defaultFactory().create(cls);
      }
    };
    return CliRun.run(Main.commandLine(factory), args);
  }

  /**
   * A learned policy stand-in: every toggle is accepted and shows the symptom the predicates test
   * (bad_prompt: no motion; bad_unnorm: translation off-scale, |x| = 3; no_flip: translation pinned at
   * the range corners; baseline: healthy motion, or — with {@code baselineLost} — pinned as under
   * no_flip). Deterministic from the seed.
   */
  record FakeVla(boolean baselineLost) implements RunnerProvider {
    @Override
    public EpisodeRunner.Factory factory(Suite suite, String policy) {
      return factory(suite, policy, RunOptions.NONE);
    }

    @Override
    public EpisodeRunner.Factory factory(Suite suite, String policy, RunOptions options) {
      requireKnown(policy);
      Fault t = options.toggle();
      return () -> new EpisodeRunner() {
        @Override
        public EpisodeResult run(EpisodeSpec spec) {
          SplittableRandom rnd = new SplittableRandom(spec.seed() ^ spec.initState());
          List<StepRecord> steps = new ArrayList<>();
          for (int i = 0; i < suite.waitSteps(); i++) {
            steps.add(new StepRecord(spec.index(), i, 100, new double[] {0, 0, 0, 0, 0, 0, -1}, 0, false, "wait"));
          }
          boolean lost = t == Fault.NO_FLIP || (t == Fault.NONE && baselineLost);
          int grasps = lost ? 3 : 1;
          for (int k = 0; k < suite.maxSteps(); k++) {
            double[] a = new double[7];
            for (int j = 0; j < 6; j++) a[j] = switch (t) {
              case BAD_PROMPT -> 0;
              case BAD_UNNORM -> j < 3 ? (rnd.nextBoolean() ? 3 : -3) : 0.1;
              default -> lost ? (j < 3 ? (rnd.nextBoolean() ? 0.996 : -0.996) : rnd.nextDouble(-0.05, 0.05))
                  : rnd.nextDouble(-0.5, 0.5) * (j < 3 ? 1 : 0.1);
            };
            int period = suite.maxSteps() / grasps; // open for the first half of each period, closed for the second
            a[6] = k % period >= period / 2 ? 1 : -1;
            steps.add(new StepRecord(spec.index(), suite.waitSteps() + k, 100 + rnd.nextDouble(), a, 0, false, policy));
          }
          return new EpisodeResult(spec, suite.task(spec.taskId()).instruction(), false, suite.maxSteps(), -1, "timeout", 0.01, steps);
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public List<String> policies() {
      return List.of("fake-vla");
    }
  }

  @Test
  void textbookSymptomsPassWithExitZero() throws Exception {
    Path out = tmp.resolve("d");
    Result r = run(new FakeVla(false), "drills", "--policy", "fake-vla", "--task", "2", "--init-state", "5", "--seed", "7",
        "--max-steps", "40", "--out", out.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("PASS").doesNotContain("MISMATCH");
    assertThat(r.err()).contains("vla4j: drills of policy 'fake-vla'").contains("[4/4] bad_unnorm, init state 5");
    JsonNode m = JSON.readTree(out.resolve("matrix.json").toFile());
    assertThat(m.get("passed").asBoolean()).isTrue();
    assertThat(m.get("task_id").asInt()).isEqualTo(2);
    assertThat(m.get("max_steps").asInt()).isEqualTo(40);
    for (Drill d : Drill.all()) {
      List<String> lines = Files.readAllLines(out.resolve(d.fileName()));
      assertThat(lines).hasSize(50);
      assertThat(JSON.readTree(lines.get(9)).get("tag").asText()).isEqualTo("wait");
      assertThat(JSON.readTree(lines.get(10)).get("tag").asText()).isEqualTo(d.tag());
    }
  }

  @Test
  void aBaselineThatFiresExitsOneAndNamesTheMismatch() {
    Result r = run(new FakeVla(true), "drills", "--policy", "fake-vla", "--task", "0", "--init-state", "0",
        "--max-steps", "40", "--out", tmp.resolve("d").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("FAIL: 1 run(s)").contains("init state 0: baseline fired NO_FLIP, expected none");
    assertThat(r.err()).contains("vla4j: drills: 1 mismatch(es): init state 0: baseline fired NO_FLIP, expected none");
  }

  @Test
  void calibrationWritesOneFolderPerInitStateAndTheFeatures() throws Exception {
    String[] args = {"drills", "--policy", "fake-vla", "--task", "1", "--init-states", "3-4", "--init-states", "9",
        "--max-steps", "30", "--out", tmp.resolve("c1").toString()};
    Result r = run(new FakeVla(false), args);
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    for (int k : new int[] {3, 4, 9}) {
      for (Drill d : Drill.all()) assertThat(tmp.resolve("c1/is" + k).resolve(d.fileName())).exists();
      assertThat(JSON.readTree(tmp.resolve("c1/is" + k + "/matrix.json").toFile()).get("init_state").asInt()).isEqualTo(k);
    }
    List<String> csv = Files.readAllLines(tmp.resolve("c1/features.csv"));
    assertThat(csv).hasSize(1 + 4 * 3);
    assertThat(csv.get(1)).startsWith("baseline,3,");
    assertThat(csv.get(4)).startsWith("no_flip,3,").endsWith(",NO_FLIP");
    assertThat(r.out()).contains("predicate features per run").contains("bad_prompt (should fire BAD_PROMPT)");
    // two workers: the same bytes
    args[args.length - 1] = tmp.resolve("c2").toString();
    String[] two = java.util.Arrays.copyOf(args, args.length + 2);
    two[args.length] = "--workers";
    two[args.length + 1] = "2";
    assertThat(run(new FakeVla(false), two).code()).isZero();
    for (int k : new int[] {3, 4, 9}) {
      for (String f : List.of("baseline.jsonl", "no_flip.jsonl", "bad_prompt.jsonl", "bad_unnorm.jsonl", "matrix.json")) {
        assertThat(Files.readAllBytes(tmp.resolve("c2/is" + k).resolve(f))).as(f)
            .isEqualTo(Files.readAllBytes(tmp.resolve("c1/is" + k).resolve(f)));
      }
    }
    assertThat(Files.readAllBytes(tmp.resolve("c2/features.csv"))).isEqualTo(Files.readAllBytes(tmp.resolve("c1/features.csv")));
  }

  @Test
  void badArgumentsExitTwoAndListTheValidRange() {
    String out = tmp.resolve("d").toString();
    FakeVla fake = new FakeVla(false);
    Result task = run(fake, "drills", "--policy", "fake-vla", "--task", "10", "--init-state", "0", "--out", out);
    assertThat(task.code()).isEqualTo(2);
    assertThat(task.err()).contains("--task 10").contains("0..9");
    Result is = run(fake, "drills", "--policy", "fake-vla", "--task", "0", "--init-state", "50", "--out", out);
    assertThat(is.code()).isEqualTo(2);
    assertThat(is.err()).contains("init state 50").contains("0..49");
    Result range = run(fake, "drills", "--policy", "fake-vla", "--task", "0", "--init-states", "0-60", "--out", out);
    assertThat(range.code()).isEqualTo(2);
    assertThat(range.err()).contains("0..49");
    Result twice = run(fake, "drills", "--policy", "fake-vla", "--task", "0", "--init-states", "1,1", "--out", out);
    assertThat(twice.code()).isEqualTo(2);
    assertThat(twice.err()).contains("init state 1 is given twice");
    Result steps = run(fake, "drills", "--policy", "fake-vla", "--task", "0", "--init-state", "0", "--max-steps", "0", "--out", out);
    assertThat(steps.code()).isEqualTo(2);
    assertThat(steps.err()).contains("--max-steps must be >= 1");
    Result both = run(fake, "drills", "--policy", "fake-vla", "--task", "0", "--init-state", "0", "--init-states", "1", "--out", out);
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("--init-state").contains("mutually exclusive");
    Result none = run(fake, "drills", "--policy", "fake-vla", "--task", "0", "--out", out);
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("--init-state=I").contains("--init-states=LIST");
    Result policy = run(fake, "drills", "--policy", "gpt", "--task", "0", "--init-state", "0", "--out", out);
    assertThat(policy.code()).isEqualTo(2);
    assertThat(policy.err()).contains("unknown policy 'gpt'").contains("fake-vla");
    assertThat(Path.of(out)).doesNotExist();
  }

  @Test
  void theExpertCannotBeDrilled() {
    Result r = run(null, "drills", "--policy", "expert", "--task", "0", "--init-state", "0", "--max-steps", "5",
        "--out", tmp.resolve("e").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("drills need a learned policy").contains("no_flip");
    assertThat(tmp.resolve("e")).doesNotExist();
  }

  /** The real shipped model, 30 policy steps: four files with their tags and lengths; a second run gives the same bytes. */
  @Test
  void shippedModelDrillsAreByteIdenticalAcrossRuns() throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    String[] args = {"drills", "--task", "0", "--init-state", "0", "--seed", "0", "--max-steps", "30", "--out", a.toString()};
    Result first = run(null, args);
    assertThat(first.code()).as(first.out() + first.err()).isIn(0, 1);
    assertThat(first.out()).contains("init state 0").contains("baseline").contains("evidence:");
    JsonNode m = JSON.readTree(a.resolve("matrix.json").toFile());
    assertThat(m.get("policy").asText()).isEqualTo("tiny-vla");
    for (int i = 0; i < 4; i++) {
      Drill d = Drill.all().get(i);
      JsonNode run = m.get("runs").get(i);
      assertThat(run.get("tag").asText()).isEqualTo(d.tag());
      List<String> lines = Files.readAllLines(a.resolve(d.fileName()));
      assertThat(lines).as(d.tag()).hasSize(10 + run.get("steps").asInt());
      assertThat(run.get("steps").asInt()).isBetween(1, 30);
      for (int k = 0; k < lines.size(); k++) {
        JsonNode line = JSON.readTree(lines.get(k));
        assertThat(line.get("step").asInt()).isEqualTo(k);
        assertThat(line.get("action")).hasSize(7);
        assertThat(line.get("tag").asText()).isEqualTo(k < 10 ? "wait" : d.tag());
      }
    }
    args[args.length - 1] = b.toString();
    Result second = run(null, args);
    assertThat(second.code()).isEqualTo(first.code());
    assertThat(second.out()).isEqualTo(first.out().replace(a.toString(), b.toString()));
    for (String f : List.of("baseline.jsonl", "no_flip.jsonl", "bad_prompt.jsonl", "bad_unnorm.jsonl", "matrix.json")) {
      assertThat(Files.readAllBytes(b.resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve(f)));
    }
  }
}
