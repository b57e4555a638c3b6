package org.vla4j.eval.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.vla4j.runlog.JsonFiles;

/**
 * One sharded evaluation laid out for Slurm, and the scripts that run it. The run folder {@code RUN}
 * holds:
 *
 * <ul>
 *   <li>{@code slurm/shards.sbatch}: an array job {@code 0..N-1}; task I runs {@code eval ARGS
 *       --shard I/N --out RUN/shards/shard-I --resume} (a requeued or resubmitted task continues its
 *       shard);
 *   <li>{@code slurm/merge.sbatch}: {@code merge RUN/shards/shard-0 … --out RUN/merged};
 *   <li>{@code slurm/submit.sh}: submits both, the merge with {@code --dependency=afterok:ARRAY}, for
 *       users who submit by hand;
 *   <li>{@code slurm/slurm.json}: what {@code vla4j slurm status} reads (shard count, episodes
 *       planned per shard, the eval arguments), and after submission the job ids;
 *   <li>{@code slurm/logs/}: each task's stdout and stderr.
 * </ul>
 *
 * @param run the run folder, absolute
 * @param workDir the folder the jobs start in (where {@code vla4j slurm} ran, so relative paths in
 *     the eval arguments mean the same), absolute
 * @param command the command that starts vla4j ({@link JvmCommand#current()})
 * @param evalArgs the eval arguments without {@code --out}, {@code --shard} and {@code --resume}
 * @param planned episodes planned per shard, one entry per shard (size N ≥ 1)
 * @param resources what each task asks Slurm for
 */
public record SlurmJob(Path run, Path workDir, List<String> command, List<String> evalArgs, List<Integer> planned,
    Resources resources) {
  /** Folder of the scripts, logs and slurm.json inside the run folder. */
  public static final String SLURM = "slurm";
  /** slurm.json: the layout and the job ids. */
  public static final String STATE = "slurm.json";

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.,:=+-]+");

  /**
   * What each array task asks for.
   *
   * @param partition Slurm partition, or null for the cluster's default
   * @param gpusPerShard GPUs per task ({@code --gres=gpu:G}), ≥ 0
   * @param cpusPerShard CPUs per task ({@code --cpus-per-task}), ≥ 1; also eval's {@code --workers}
   *     unless the eval arguments give one
   * @param time time limit per task in Slurm's format ({@code MM}, {@code HH:MM:SS}, {@code D-HH}), or null for the partition's
   * @throws IllegalArgumentException naming a bad value
   */
  public record Resources(String partition, int gpusPerShard, int cpusPerShard, String time) {
    public Resources {
      if (gpusPerShard < 0) throw new IllegalArgumentException("--gpus-per-shard must be >= 0, got " + gpusPerShard);
      if (cpusPerShard < 1) throw new IllegalArgumentException("--cpus-per-shard must be >= 1, got " + cpusPerShard);
      if (partition != null && !SAFE.matcher(partition).matches()) {
        throw new IllegalArgumentException("--partition '" + partition + "' is not a partition name (letters, digits, _ . , -)");
      }
      if (time != null && !time.matches("\\d+(-\\d+)?(:\\d+){0,2}")) {
        throw new IllegalArgumentException("--time '" + time + "' is not a Slurm time (e.g. 30, 2:00:00, 1-12)");
      }
    }
  }

  public SlurmJob {
    command = List.copyOf(command);
    evalArgs = List.copyOf(evalArgs);
    planned = List.copyOf(planned);
    if (planned.isEmpty()) throw new IllegalArgumentException("--shards must be >= 1");
    // #SBATCH lines are split at white space
    if (run.toString().matches(".*\\s.*")) throw new IllegalArgumentException("--out '" + run + "' has white space; Slurm's #SBATCH lines cannot hold it");
    if (workDir.toString().matches(".*\\s.*")) {
      throw new IllegalArgumentException("the current folder '" + workDir + "' has white space; Slurm's #SBATCH --chdir cannot hold it");
    }
  }

  /** N. */
  public int shards() {
    return planned.size();
  }

  /** The run folder of shard {@code i}. */
  public Path shardDir(int i) {
    return shardDir(run, i);
  }

  /** The run folder of shard {@code i} of the sharded run in {@code run}. */
  public static Path shardDir(Path run, int i) {
    return run.resolve("shards").resolve("shard-" + i);
  }

  /** The merged run folder of the sharded run in {@code run}. */
  public static Path mergedDir(Path run) {
    return run.resolve("merged");
  }

  /** {@code RUN/slurm}. */
  public Path slurmDir() {
    return run.resolve(SLURM);
  }

  /** The array job's script. */
  public String shardsScript() {
    Path logs = slurmDir().resolve("logs");
    StringBuilder s = header("vla4j-shards", logs.resolve("shard-%a.out"));
    s.append("#SBATCH --array=0-").append(shards() - 1).append('\n');
    s.append("#SBATCH --cpus-per-task=").append(resources.cpusPerShard()).append('\n');
    if (resources.gpusPerShard() > 0) s.append("#SBATCH --gres=gpu:").append(resources.gpusPerShard()).append('\n');
    s.append("# one shard per array task: eval --shard $SLURM_ARRAY_TASK_ID/").append(shards())
        .append(" into its own run folder; --resume makes a requeued task continue where it stopped\n");
    s.append("set -euo pipefail\n");
    s.append("ID=\"${SLURM_ARRAY_TASK_ID:?not started by sbatch --array}\"\n");
    s.append("OUT=").append(quote(run.resolve("shards").toString())).append("/shard-\"$ID\"\n");
    s.append("exec");
    for (String a : command) s.append(' ').append(quote(a));
    s.append(" eval");
    for (String a : evalArgs) s.append(' ').append(quote(a));
    if (!gives("--workers")) s.append(" --workers \"${SLURM_CPUS_PER_TASK:-").append(resources.cpusPerShard()).append("}\"");
    if (!gives("--no-progress")) s.append(" --no-progress");
    s.append(" --shard \"$ID/").append(shards()).append("\" --out \"$OUT\" --resume\n");
    return s.toString();
  }

  /** Whether the eval arguments give {@code option} (picocli refuses it twice), as {@code --o v} or {@code --o=v}. */
  private boolean gives(String option) {
    return evalArgs.stream().anyMatch(a -> a.equals(option) || a.startsWith(option + "="));
  }

  /** The merge job's script (submitted with {@code --dependency=afterok:ARRAY}). */
  public String mergeScript() {
    StringBuilder s = header("vla4j-merge", slurmDir().resolve("logs").resolve("merge.out"));
    s.append("#SBATCH --cpus-per-task=1\n");
    s.append("set -euo pipefail\n");
    s.append("exec");
    for (String a : command) s.append(' ').append(quote(a));
    s.append(" merge");
    for (int i = 0; i < shards(); i++) s.append(" \\\n  ").append(quote(shardDir(i).toString()));
    s.append(" \\\n  --out ").append(quote(mergedDir(run).toString())).append('\n');
    return s.toString();
  }

  /** A shell script that submits both jobs as {@code vla4j slurm} does, for submitting by hand. */
  public String submitScript() {
    Path d = slurmDir();
    return "#!/usr/bin/env bash\n"
        + "# Submits the shards (array job) and the merge job that waits for all of them to succeed.\n"
        + "set -euo pipefail\n"
        + "ARRAY=\"$(sbatch --parsable " + quote(d.resolve("shards.sbatch").toString()) + ")\"\n"
        + "ARRAY=\"${ARRAY%%;*}\"\n"
        + "MERGE=\"$(sbatch --parsable --dependency=afterok:\"$ARRAY\" " + quote(d.resolve("merge.sbatch").toString()) + ")\"\n"
        + "MERGE=\"${MERGE%%;*}\"\n"
        + "echo \"shards: job $ARRAY (array 0-" + (shards() - 1) + "), merge: job $MERGE\"\n";
  }

  private StringBuilder header(String name, Path output) {
    StringBuilder s = new StringBuilder("#!/usr/bin/env bash\n");
    s.append("# written by vla4j slurm; run folder ").append(run).append('\n');
    s.append("#SBATCH --job-name=").append(name).append('\n');
    s.append("#SBATCH --output=").append(output).append('\n');
    s.append("#SBATCH --chdir=").append(workDir).append('\n');
    if (resources.partition() != null) s.append("#SBATCH --partition=").append(resources.partition()).append('\n');
    if (resources.time() != null) s.append("#SBATCH --time=").append(resources.time()).append('\n');
    return s;
  }

  /**
   * Writes the scripts and slurm.json into {@code RUN/slurm} (creating the run folder).
   *
   * @throws IllegalArgumentException if the run folder holds anything but an unsubmitted {@code slurm/}
   *     of an earlier {@code --dry-run}
   * @throws UncheckedIOException if a file cannot be written
   */
  public void write() {
    requireFresh(run);
    Path d = slurmDir();
    try {
      Files.createDirectories(d.resolve("logs"));
      writeScript(d.resolve("shards.sbatch"), shardsScript());
      writeScript(d.resolve("merge.sbatch"), mergeScript());
      writeScript(d.resolve("submit.sh"), submitScript());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Slurm scripts into " + d + ": " + e.getMessage(), e);
    }
    ObjectNode state = JsonFiles.MAPPER.createObjectNode();
    state.put("shards", shards());
    var p = state.putArray("planned");
    planned.forEach(p::add);
    state.put("work_dir", workDir.toString());
    var a = state.putArray("eval_args");
    evalArgs.forEach(a::add);
    JsonFiles.write(d.resolve(STATE), state);
  }

  /** Records the submitted job ids in slurm.json. */
  public void recordJobs(String arrayJob, String mergeJob) {
    Path f = slurmDir().resolve(STATE);
    ObjectNode state = (ObjectNode) JsonFiles.read(f);
    state.put("shards_job", arrayJob);
    state.put("merge_job", mergeJob);
    JsonFiles.write(f, state);
  }

  private static void writeScript(Path f, String text) throws IOException {
    Files.writeString(f, text);
    try {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the scripts still run with bash FILE / sbatch FILE
    }
  }

  private static void requireFresh(Path run) {
    if (!Files.exists(run)) return;
    if (!Files.isDirectory(run)) throw new IllegalArgumentException("--out " + run + " is a file, not a folder");
    try (Stream<Path> s = Files.list(run)) {
      List<String> names = new ArrayList<>(s.map(q -> q.getFileName().toString()).toList());
      boolean dryRunOnly = names.equals(List.of(SLURM)) && !submitted(run);
      if (!names.isEmpty() && !dryRunOnly) {
        throw new IllegalArgumentException("--out " + run + " is not empty" + (submitted(run)
            ? " (already submitted: see vla4j slurm status " + run + "; resubmit with " + run.resolve(SLURM).resolve("submit.sh") + ")"
            : "; give a new folder"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + run + ": " + e.getMessage(), e);
    }
  }

  private static boolean submitted(Path run) {
    Path f = run.resolve(SLURM).resolve(STATE);
    if (!Files.isRegularFile(f)) return false;
    JsonNode n = JsonFiles.read(f);
    return n.hasNonNull("shards_job");
  }

  /** {@code text} in single quotes for bash, e.g. {@code it's} → {@code 'it'\''s'}. */
  static String quote(String text) {
    if (!text.isEmpty() && SAFE.matcher(text.replace("/", "")).matches()) return text;
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
