package org.vla4j.cli;

import org.vla4j.cli.CliRun.Result;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.eval.run.FakeRunners;
import org.vla4j.eval.run.RunnerProvider;
import picocli.CommandLine;

/**
 * {@code vla4j eval} and {@code vla4j demo} through picocli ({@link Main#commandLine(CommandLine.IFactory)}),
 * with the deterministic fake runners injected in place of the simulator.
 */
class EvalCliTest {
  @TempDir Path tmp;


  private static Result run(RunnerProvider runners, String... args) throws Exception {
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        if (cls == EvalCommand.class) return cls.cast(new EvalCommand(runners));
        if (cls == DemoCommand.class) return cls.cast(new DemoCommand(runners));
        return CommandLine.defaultFactory().create(cls);
      }
    };
    return CliRun.run(Main.commandLine(factory), args);
  }

  @Test
  void evalWritesTheRunFolderAndPrintsTheTable() throws Exception {
    Path out = tmp.resolve("run");
    Result r = run(FakeRunners.plain(), "eval", "--suite", "object", "--policy", "expert", "--tasks", "0,3",
        "--episodes-per-task", "3", "--init-states", "0-49", "--seed", "5", "--out", out.toString(), "--workers", "2");
    assertThat(r.code()).as(r.err()).isZero();
    for (String f : new String[] {"config.json", "steps.jsonl", "episodes.jsonl", "timings.jsonl", "summary.json"}) {
      assertThat(out.resolve(f)).exists();
    }
    assertThat(Files.readAllLines(out.resolve("episodes.jsonl"))).hasSize(6);
    assertThat(r.out()).contains("pick up the alphabet soup").contains("overall").contains("episodes/hour")
        .contains("run folder: " + out.toAbsolutePath());
    assertThat(Files.readString(out.resolve("config.json"))).contains("\"--episodes-per-task\"");
  }

  @Test
  void resumeThroughTheCli() throws Exception {
    Path out = tmp.resolve("run");
    String[] args = {"eval", "--tasks", "1", "--episodes-per-task", "4", "--init-states", "3", "--out", out.toString(),
        "--no-progress"};
    assertThat(run(FakeRunners.plain(), args).code()).isZero();
    Result again = run(FakeRunners.plain(), args);
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("--resume");
    String[] resume = java.util.Arrays.copyOf(args, args.length + 1);
    resume[args.length] = "--resume";
    Result resumed = run(FakeRunners.plain(), resume);
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("for 0 episodes");
  }

  @Test
  void badInputExitsTwoAndListsTheValidChoices() throws Exception {
    String out = tmp.resolve("run").toString();
    Result suite = run(FakeRunners.plain(), "eval", "--suite", "kitchen", "--out", out);
    assertThat(suite.code()).isEqualTo(2);
    assertThat(suite.err()).contains("unknown suite 'kitchen'").contains("valid suites: libero_object, object");

    Result task = run(FakeRunners.plain(), "eval", "--tasks", "0,12", "--out", out);
    assertThat(task.code()).isEqualTo(2);
    assertThat(task.err()).contains("task id 12").contains("0..9");

    Result init = run(FakeRunners.plain(), "eval", "--init-states", "40-60", "--out", out);
    assertThat(init.code()).isEqualTo(2);
    assertThat(init.err()).contains("init state 60").contains("0..49");

    Result policy = run(FakeRunners.plain(), "eval", "--policy", "openvla", "--out", out);
    assertThat(policy.code()).isEqualTo(2);
    assertThat(policy.err()).contains("valid policies: expert");

    Path file = Files.writeString(tmp.resolve("file"), "x");
    Result folder = run(FakeRunners.plain(), "eval", "--out", file.resolve("sub").toString());
    assertThat(folder.code()).isEqualTo(2);
    assertThat(folder.err()).contains("cannot create output folder");

    Result notANumber = run(FakeRunners.plain(), "eval", "--episodes-per-task", "many", "--out", out);
    assertThat(notANumber.code()).isEqualTo(2);

    Result missingOut = run(FakeRunners.plain(), "eval");
    assertThat(missingOut.code()).isEqualTo(2);
    assertThat(missingOut.err()).contains("--out");
  }

  @Test
  void demoRunsTwoEpisodesOfEveryTaskAndSaysWhereTheRunIs() throws Exception {
    Path out = tmp.resolve("demo");
    Result r = run(FakeRunners.plain(), "demo", "--out", out.toString(), "--workers", "2", "--no-progress");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllLines(out.resolve("episodes.jsonl"))).hasSize(20);
    assertThat(Files.readString(out.resolve("config.json"))).contains("\"init_states\" : [ 0, 1 ]");
    assertThat(r.out()).contains("run folder: " + out.toAbsolutePath());
  }

  @Test
  void demoOnLiberoObjectRunsTheRealSuiteAndABadSuiteNamesTheValidOnes() throws Exception {
    Result bad = run(FakeRunners.plain(), "demo", "--suite", "libero_spatial", "--out", tmp.resolve("bad").toString(), "--no-progress");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("libero_spatial").contains("object, libero_object").doesNotContain("Exception");

    org.vla4j.sim.libero.LiberoBenchmark.usePaths(org.vla4j.sim.libero.SharedLibero.paths());
    try {
      Path out = tmp.resolve("demo-libero");
      Result r = run(FakeRunners.plain(), "demo", "--suite", "libero_object", "--out", out.toString(), "--workers", "2", "--no-progress");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(Files.readAllLines(out.resolve("episodes.jsonl"))).hasSize(20);
      String config = Files.readString(out.resolve("config.json"));
      assertThat(config).contains("\"suite\" : \"libero_object\"").contains("\"init_states\" : [ 0, 1 ]");
    } finally {
      org.vla4j.sim.libero.LiberoBenchmark.usePaths(null);
    }
  }

  @Test
  void theBestShippedPolicyOfLiberoObjectIsTheShippedLiberoModel() {
    RunnerProvider defaults = DefaultRunners.provider();
    assertThat(defaults.bestPolicy("object")).isEqualTo("tiny-vla");
    assertThat(defaults.bestPolicy("libero_object")).isEqualTo("tiny-vla-libero");
    defaults.requireKnown("tiny-vla-libero"); // the folder ships under models/: must not throw
  }

  @Test
  void theDefaultRunnersKnowTheExpertAndListValidPoliciesOtherwise() {
    RunnerProvider defaults = DefaultRunners.provider();
    assertThat(defaults.policies()).containsExactly("tiny-vla", "expert", "expert-chunk");
    assertThat(defaults.factory(org.vla4j.sim.suite.Suites.get("object"), "expert")).isNotNull();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> defaults.factory(org.vla4j.sim.suite.Suites.get("object"), "expret"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expret").hasMessageContaining("expert");
  }

  @Test
  void theDefaultRunnersAcceptAModelFolderByPathAndRejectAFolderWithoutConfig() throws Exception {
    RunnerProvider defaults = DefaultRunners.provider();
    Path shipped = Path.of(System.getProperty("vla4j.home", "."), "models", "tiny-vla").toAbsolutePath();
    defaults.requireKnown(shipped.toString()); // an evaluation's first check: must not throw
    defaults.requireKnown("tiny-vla");
    defaults.requireKnown("expert");
    Path empty = Files.createDirectories(tmp.resolve("not-a-model"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> defaults.requireKnown(empty.toString()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-a-model")
        .hasMessageContaining("expert").hasMessageContaining("config.json");
  }

  @Test
  void aRunInWhichEveryEpisodeErrsExitsNonZeroAndSaysSo() throws Exception {
    Path out = tmp.resolve("broken");
    Result r = run(FakeRunners.plain().throwing(java.util.Set.of(0, 1, 2)), "eval", "--policy", "expert", "--tasks", "0",
        "--episodes-per-task", "3", "--out", out.toString(), "--workers", "1", "--no-progress");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("every episode ended with an error").contains("measures nothing");
    Path half = tmp.resolve("half");
    assertThat(run(FakeRunners.plain().throwing(java.util.Set.of(0)), "eval", "--policy", "expert", "--tasks", "0",
        "--episodes-per-task", "3", "--out", half.toString(), "--no-progress").code()).as("one good episode is a result").isZero();
  }

  @Test
  void anEmptyOutOrAFolderInUseIsRefused() throws Exception {
    Result empty = run(FakeRunners.plain(), "eval", "--policy", "expert", "--tasks", "0", "--episodes-per-task", "1", "--out", "");
    assertThat(empty.code()).isEqualTo(2);
    assertThat(empty.err()).contains("--out is empty");
    Path out = tmp.resolve("locked");
    Files.createDirectories(out);
    try (var lock = org.vla4j.runlog.RunLock.acquire(out)) {
      Result busy = run(FakeRunners.plain(), "eval", "--policy", "expert", "--tasks", "0", "--episodes-per-task", "1", "--out",
          out.toString(), "--no-progress");
      assertThat(busy.code()).isEqualTo(2);
      assertThat(busy.err()).contains("is in use by another vla4j process (pid " + ProcessHandle.current().pid());
      assertThat(out.resolve("episodes.jsonl")).doesNotExist();
    }
    assertThat(run(FakeRunners.plain(), "eval", "--policy", "expert", "--tasks", "0", "--episodes-per-task", "1", "--out",
        out.toString(), "--no-progress").code()).as("free again once the holder closes").isZero();
  }

  @Test
  void theCommandLineIsRecordedOnceAndAHugeInitStateIsOutOfRange() throws Exception {
    Path out = tmp.resolve("cl");
    assertThat(run(FakeRunners.plain(), "eval", "--policy", "expert", "--tasks", "0", "--episodes-per-task", "1", "--out",
        out.toString(), "--no-progress").code()).isZero();
    com.fasterxml.jackson.databind.JsonNode cl = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("config.json").toFile())
        .get("command_line");
    assertThat(cl.get(0).asText()).isEqualTo("vla4j");
    assertThat(cl.get(1).asText()).isEqualTo("eval");
    assertThat(cl.get(2).asText()).isEqualTo("--policy");
    Result big = run(FakeRunners.plain(), "eval", "--policy", "expert", "--init-states", "99999999999", "--out", tmp.resolve("x").toString());
    assertThat(big.code()).isEqualTo(2);
    assertThat(big.err()).contains("'99999999999' is out of range");
  }
}
