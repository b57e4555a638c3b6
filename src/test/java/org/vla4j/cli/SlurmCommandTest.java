package org.vla4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.eval.slurm.Sbatch;
import picocli.CommandLine;

/**
 * {@code vla4j slurm} without a cluster: the scripts it writes run as Slurm would run them (bash,
 * with SLURM_ARRAY_TASK_ID set) and their merge is the unsharded run; status follows the run
 * folders; bad arguments and a missing sbatch are named. SlurmClusterTest submits to a real cluster.
 */
class SlurmCommandTest {
  @TempDir Path tmp;

  static final String[] EVAL = {"eval", "--policy", "expert", "--tasks", "0", "--episodes-per-task", "3", "--seed", "5"};

  static String[] slurm(Path out, String... extra) {
    List<String> a = new java.util.ArrayList<>(List.of("slurm", "--shards", "2", "--out", out.toString()));
    a.addAll(List.of(extra));
    a.add("--");
    a.addAll(List.of(EVAL));
    return a.toArray(String[]::new);
  }

  @Test
  void theWrittenScriptsRunTheShardsAndTheMergeByteForByte() throws Exception {
    Path run = tmp.resolve("run");
    CliRun.Result r = CliRun.run(slurm(run, "--dry-run", "--partition", "gpu", "--gpus-per-shard", "1", "--time", "1:00:00"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("3 episodes in 2 shards").contains("dry run, nothing submitted");
    String shards = Files.readString(run.resolve("slurm/shards.sbatch"));
    assertThat(shards).contains("#SBATCH --array=0-1", "#SBATCH --partition=gpu", "#SBATCH --gres=gpu:1", "#SBATCH --time=1:00:00",
        "--shard \"$ID/2\"", " eval --policy expert --tasks 0 --episodes-per-task 3 --seed 5 ");
    assertThat(shards).contains("--workers \"${SLURM_CPUS_PER_TASK:-1}\"");
    assertThat(Files.readString(run.resolve("slurm/submit.sh"))).contains("--dependency=afterok:\"$ARRAY\"");
    assertThat(CliRun.run("slurm", "status", run.toString()).out()).contains("(not submitted)")
        .contains("    0     0/2     not started").contains("    1     0/1     not started").contains("0/3 episodes");

    for (int i = 0; i < 2; i++) bash(run.resolve("slurm/shards.sbatch"), String.valueOf(i));
    assertThat(CliRun.run("slurm", "status", run.toString()).out()).contains("3/3 episodes, 2/2 shards finished, merged: no");
    bash(run.resolve("slurm/merge.sbatch"), null);
    assertThat(CliRun.run("slurm", "status", run.toString()).out()).contains("merged: yes");

    Path whole = tmp.resolve("whole");
    List<String> args = new java.util.ArrayList<>(List.of(EVAL));
    args.addAll(List.of("--no-progress", "--out", whole.toString()));
    assertThat(CliRun.run(args.toArray(String[]::new)).code()).isZero();
    for (String f : List.of("steps.jsonl", "episodes.jsonl")) {
      assertThat(Files.readAllBytes(run.resolve("merged").resolve(f))).as(f).isEqualTo(Files.readAllBytes(whole.resolve(f)));
    }
    assertThat(SlurmClusterTest.withoutTimings(run.resolve("merged/summary.json")))
        .isEqualTo(SlurmClusterTest.withoutTimings(whole.resolve("summary.json")));
    // a shard run a second time (a requeued task) resumes and changes nothing
    byte[] before = Files.readAllBytes(run.resolve("shards/shard-1/steps.jsonl"));
    bash(run.resolve("slurm/shards.sbatch"), "1");
    assertThat(Files.readAllBytes(run.resolve("shards/shard-1/steps.jsonl"))).isEqualTo(before);
  }

  @Test
  void badArgumentsAreNamed() throws Exception {
    Path run = tmp.resolve("r");
    assertThat(CliRun.run("slurm", "--shards", "2", "--out", run.toString(), "--", "eval", "--out", "x").err())
        .contains("leave --out out of the eval arguments");
    assertThat(CliRun.run("slurm", "--shards", "2", "--out", run.toString(), "--", "eval", "--shard=0/2").err())
        .contains("leave --shard out");
    CliRun.Result noEval = CliRun.run("slurm", "--shards", "2", "--out", run.toString(), "--", "merge");
    assertThat(noEval.code()).isEqualTo(2);
    assertThat(noEval.err()).contains("give the evaluation after --").contains("'merge'");
    assertThat(CliRun.run("slurm", "--shards", "9", "--out", run.toString(), "--", "eval", "--tasks", "0", "--episodes-per-task", "3").err())
        .contains("--shards 9 is more than the plan's 3 episodes");
    assertThat(CliRun.run("slurm", "--shards", "2", "--out", run.toString(), "--", "eval", "--polcy", "x").err())
        .contains("eval arguments: Unknown options: '--polcy'");
    assertThat(CliRun.run(slurm(run, "--time", "an hour")).err()).contains("--time 'an hour' is not a Slurm time");
    assertThat(CliRun.run(slurm(run, "--cpus-per-shard", "0")).code()).isEqualTo(2);
    assertThat(CliRun.run("slurm", "--out", run.toString()).err()).contains("needs --shards N and --out RUN");
    // eval's own --workers is kept, not given twice
    Path w = tmp.resolve("w");
    assertThat(CliRun.run("slurm", "--shards", "2", "--dry-run", "--out", w.toString(), "--", "eval", "--tasks", "0", "--workers=3").code())
        .isZero();
    assertThat(Files.readString(w.resolve("slurm/shards.sbatch"))).contains("--workers=3 --no-progress").doesNotContain("SLURM_CPUS_PER_TASK");
    CliRun.Result status = CliRun.run("slurm", "status", tmp.toString());
    assertThat(status.code()).isEqualTo(2);
    assertThat(status.err()).contains("is not a run folder of vla4j slurm");
    Files.createDirectories(run);
    Files.writeString(run.resolve("x"), "");
    assertThat(CliRun.run(slurm(run)).err()).contains("is not empty");
  }

  @Test
  void aMissingSbatchIsNamedAndTheScriptsStay() {
    CommandLine.IFactory def = CommandLine.defaultFactory();
    CommandLine cl = Main.commandLine(new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        return cls == SlurmCommand.class ? cls.cast(new SlurmCommand(new Sbatch("vla4j-no-such-sbatch"))) : def.create(cls);
      }
    });
    Path run = tmp.resolve("run");
    CliRun.Result r = CliRun.run(cl, slurm(run));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("vla4j-no-such-sbatch not found").contains(run.resolve("slurm/submit.sh").toString());
    assertThat(run.resolve("slurm/shards.sbatch")).exists();
    // nothing was submitted, so the same command may run again (e.g. where sbatch is)
    assertThat(CliRun.run(slurm(run, "--dry-run")).code()).isZero();
  }

  /** Runs a written sbatch script with bash, as slurmd would (array task {@code task} when not null). */
  static void bash(Path script, String task) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
    if (task != null) pb.environment().put("SLURM_ARRAY_TASK_ID", task);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(script + " " + task + ":\n" + out).isZero();
  }
}
