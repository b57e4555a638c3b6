package org.vla4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.eval.slurm.JvmCommand;

/**
 * A real Slurm cluster: starts slurmctld and slurmd on localhost (2 CPUs, .ci/slurm-cluster.sh),
 * submits a 4-shard evaluation with {@code vla4j slurm} (run as its own process, as a user would),
 * waits for the merge job and checks the merged run folder against an unsharded run: steps.jsonl
 * and episodes.jsonl byte-identical, summary.json byte-identical but for its two timing fields
 * ({@code wall_s}, {@code episodes_per_hour}). Needs root and Debian's slurm-wlm and munge; runs
 * when {@code VLA4J_SLURM_TEST=1}, which .ci/run sets after installing them.
 */
@EnabledIfEnvironmentVariable(named = "VLA4J_SLURM_TEST", matches = "1")
class SlurmClusterTest {
  @TempDir Path tmp;

  static final List<String> EVAL = List.of("eval", "--policy", "expert", "--tasks", "0,1", "--episodes-per-task", "4", "--seed", "3");

  @Test
  void fourShardsOnSlurmMergeToTheUnshardedRun() throws Exception {
    Path cluster = tmp.resolve("cluster");
    Path script = Path.of(".ci", "slurm-cluster.sh").toAbsolutePath();
    run(List.of("bash", script.toString(), "start", cluster.toString(), "2"), null, Duration.ofSeconds(60));
    try {
      Path run = tmp.resolve("run");
      List<String> cmd = new ArrayList<>(JvmCommand.current());
      cmd.addAll(List.of("slurm", "--shards", "4", "--cpus-per-shard", "1", "--time", "10", "--out", run.toString(), "--"));
      cmd.addAll(EVAL);
      String out = run(cmd, cluster.resolve("slurm.conf"), Duration.ofSeconds(60));
      Matcher m = Pattern.compile("merge as job (\\d+)").matcher(out);
      assertThat(m.find()).as(out).isTrue();
      String mergeJob = m.group(1);

      // the unsharded run, here, while the cluster works
      Path whole = tmp.resolve("whole");
      List<String> args = new ArrayList<>(EVAL);
      args.addAll(List.of("--workers", "1", "--no-progress", "--out", whole.toString()));
      assertThat(CliRun.run(args.toArray(String[]::new)).code()).isZero();

      String state = waitForJob(mergeJob, cluster.resolve("slurm.conf"), Duration.ofMinutes(4));
      assertThat(state).as(logs(run)).isEqualTo("COMPLETED");
      Path merged = run.resolve("merged");
      for (String f : List.of("steps.jsonl", "episodes.jsonl")) {
        assertThat(Files.readAllBytes(merged.resolve(f))).as(f).isEqualTo(Files.readAllBytes(whole.resolve(f)));
      }
      assertThat(withoutTimings(merged.resolve("summary.json"))).isEqualTo(withoutTimings(whole.resolve("summary.json")));
      CliRun.Result status = CliRun.run("slurm", "status", run.toString());
      assertThat(status.out()).contains("8/8 episodes, 4/4 shards finished, merged: yes");
    } finally {
      run(List.of("bash", script.toString(), "stop", cluster.toString()), null, Duration.ofSeconds(30));
    }
  }

  static List<String> withoutTimings(Path summary) throws IOException {
    return Files.readAllLines(summary).stream().filter(l -> !l.contains("\"wall_s\"") && !l.contains("\"episodes_per_hour\"")).toList();
  }

  /** Polls scontrol until the job has ended; returns its final state (COMPLETED, FAILED, …). */
  static String waitForJob(String job, Path conf, Duration limit) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    Pattern st = Pattern.compile("JobState=(\\S+)");
    String last = "";
    while (System.nanoTime() < end) {
      String out = run(List.of("scontrol", "show", "job", job), conf, Duration.ofSeconds(30));
      Matcher m = st.matcher(out);
      if (m.find()) {
        last = m.group(1);
        if (!List.of("PENDING", "RUNNING", "CONFIGURING", "COMPLETING").contains(last)) return last;
      }
      Thread.sleep(1000);
    }
    return "still " + last + " after " + limit.toSeconds() + " s";
  }

  static String logs(Path run) throws IOException {
    StringBuilder s = new StringBuilder();
    try (var files = Files.list(run.resolve("slurm").resolve("logs"))) {
      for (Path f : files.sorted().toList()) s.append("== ").append(f.getFileName()).append('\n').append(Files.readString(f));
    }
    return s.toString();
  }

  /** Runs {@code cmd} (with SLURM_CONF={@code conf} when not null); returns its output; fails on a non-zero exit. */
  static String run(List<String> cmd, Path conf, Duration limit) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (conf != null) pb.environment().put("SLURM_CONF", conf.toString());
    pb.environment().put("PATH", System.getenv("PATH") + ":/usr/sbin:/sbin");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not finish in " + limit.toSeconds() + " s: " + out);
    }
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + out).isZero();
    return out;
  }
}
