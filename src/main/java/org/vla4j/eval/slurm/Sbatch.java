package org.vla4j.eval.slurm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Submits batch scripts with Slurm's {@code sbatch --parsable} (sbatch(1)), which prints
 * {@code JOBID} or {@code JOBID;CLUSTER} and nothing else on success.
 *
 * @param executable the sbatch to run, e.g. {@code sbatch} (looked up on PATH)
 */
public record Sbatch(String executable) {
  /** sbatch from PATH. */
  public static final Sbatch ON_PATH = new Sbatch("sbatch");

  /**
   * Submits {@code script}, after the jobs in {@code afterOk} have all succeeded when it is not
   * null ({@code --dependency=afterok:ID}; for an array job, all of its tasks).
   *
   * @return the job id, e.g. {@code 4711}
   * @throws UncheckedIOException if sbatch is not installed (named, with where the scripts are), fails
   *     (its message), or prints no job id
   */
  public String submit(Path script, String afterOk) {
    List<String> cmd = new ArrayList<>(List.of(executable, "--parsable"));
    if (afterOk != null) cmd.add("--dependency=afterok:" + afterOk);
    cmd.add(script.toString());
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(executable + " not found: vla4j slurm submits with Slurm's sbatch; run it where Slurm's client"
          + " commands are installed (a login node; Debian: apt-get install slurm-client), or use --dry-run and submit "
          + script.getParent().resolve("submit.sh") + " there", e);
    }
    String out;
    int rc;
    try {
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw fail(executable + " " + script + " did not finish in 60 s");
      }
      rc = p.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the output of " + executable + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail("interrupted while " + executable + " ran");
    }
    if (rc != 0) {
      throw fail(executable + " " + script.getFileName() + " failed (exit " + rc + "): "
          + out.replace('\n', ' '));
    }
    String id = out.lines().reduce((a, b) -> b).orElse("").split(";", 2)[0].strip();
    if (!id.matches("\\d+")) throw fail(executable + " printed no job id: '" + out + "'");
    return id;
  }

  private static UncheckedIOException fail(String message) {
    return new UncheckedIOException(message, new IOException(message));
  }
}
