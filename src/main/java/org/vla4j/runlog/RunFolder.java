package org.vla4j.runlog;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.vla4j.rollout.EpisodeSpec;

/**
 * Prepares a run folder for writing: creates it, refuses to overwrite an earlier evaluation unless
 * resuming, and on {@code --resume} cuts the logs back to the episodes that were completely written.
 *
 * <p>Resume rule: a line of {@code episodes.jsonl} marks an episode as written (it is appended after
 * the episode's steps and timing). A trailing partial line is dropped; the written episodes must be
 * the plan's episodes 0..m−1 in order (same task, init state and seed); {@code steps.jsonl} and
 * {@code timings.jsonl} are cut to their complete lines of episodes &lt; m. The run then goes on at
 * episode m, so no episode is written twice and none is lost.
 */
public final class RunFolder {
  /** config.json: see docs/FORMATS.md. */
  public static final String CONFIG = "config.json";
  /** summary.json: see docs/FORMATS.md. */
  public static final String SUMMARY = "summary.json";

  private RunFolder() {}

  /**
   * Makes {@code dir} ready and returns the episodes already written there (empty unless resuming).
   *
   * @param planKey the arguments that define the plan (as stored under {@code "plan"} in config.json);
   *     a resumed run must have the same
   * @throws IllegalArgumentException if the folder cannot be created, read or written; if it holds an
   *     evaluation and {@code resume} is false; or if resuming is impossible (different arguments,
   *     logs that do not match the plan)
   */
  public static List<EpisodeOutcome> prepare(Path dir, boolean resume, List<EpisodeSpec> plan, JsonNode planKey) {
    ensureUsable(dir);
    Path episodes = dir.resolve(EpisodeLogWriter.EPISODES);
    try {
      if (!resume) {
        if (Files.exists(episodes) && Files.size(episodes) > 0) {
          throw new IllegalArgumentException("--out " + dir + " already holds an evaluation (" + EpisodeLogWriter.EPISODES
              + " is not empty); add --resume to continue it, or choose another --out");
        }
        for (String f : List.of(EpisodeLogWriter.STEPS, EpisodeLogWriter.TIMINGS, EpisodeLogWriter.EPISODES,
            EpisodeLogWriter.MONITOR, SUMMARY)) {
          Files.deleteIfExists(dir.resolve(f));
        }
        return List.of();
      }
      Path config = dir.resolve(CONFIG);
      if (Files.exists(config)) {
        checkSamePlan(JsonFiles.read(config).path("plan"), planKey, dir);
      } else if (Files.exists(episodes) && Files.size(episodes) > 0) {
        throw new IllegalArgumentException("cannot --resume in " + dir + ": it has " + EpisodeLogWriter.EPISODES
            + " but no " + CONFIG + ", so its arguments are unknown; choose another --out");
      }
      List<EpisodeOutcome> done = readWritten(episodes, plan);
      java.util.Set<Integer> kept = new java.util.HashSet<>();
      done.forEach(e -> kept.add(e.index()));
      LinePredicate earlier = line -> kept.contains(JsonFiles.MAPPER.readTree(line).path("episode").asInt(-1));
      truncateLines(dir.resolve(EpisodeLogWriter.STEPS), earlier);
      truncateLines(dir.resolve(EpisodeLogWriter.TIMINGS), earlier);
      truncateLines(dir.resolve(EpisodeLogWriter.MONITOR), earlier);
      Files.deleteIfExists(dir.resolve(SUMMARY));
      return done;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot use output folder " + dir + ": " + e.getMessage()
          + "; choose a readable and writable --out", e);
    }
  }

  /**
   * Creates {@code dir} if needed and checks that this user can read and write it.
   *
   * @throws IllegalArgumentException if the path is empty (it would mean the current folder), a file,
   *     or not creatable, readable and writable
   */
  public static void ensureUsable(Path dir) {
    if (dir.toString().isBlank()) {
      throw new IllegalArgumentException("--out is empty, which would write into the current folder; give a folder path for --out");
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--out " + dir + " is a file, not a folder; choose a folder path for --out");
    }
    try {
      Files.createDirectories(dir);
    } catch (FileSystemException e) {
      String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
      throw new IllegalArgumentException("cannot create output folder " + dir + " (" + reason + " at " + e.getFile()
          + "); choose a writable --out", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot create output folder " + dir + ": " + e.getMessage()
          + "; choose a writable --out", e);
    }
    if (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir)) {
      throw new IllegalArgumentException("output folder " + dir + " is not readable and writable by this user; "
          + "choose another --out or fix its permissions");
    }
  }

  private static void checkSamePlan(JsonNode stored, JsonNode wantedBuilt, Path dir) throws IOException {
    // compare as read back from text, so that e.g. a long 7 and an int 7 are the same number
    JsonNode wanted = JsonFiles.MAPPER.readTree(JsonFiles.MAPPER.writeValueAsString(wantedBuilt));
    if (stored.equals(wanted)) return;
    List<String> diffs = new ArrayList<>();
    for (Iterator<String> it = wanted.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!wanted.get(k).equals(stored.get(k))) {
        diffs.add(k + ": stored " + stored.get(k) + ", now " + wanted.get(k));
      }
    }
    throw new IllegalArgumentException("cannot --resume in " + dir + ": its arguments differ from the stored run ("
        + (diffs.isEmpty() ? "stored plan " + stored : String.join("; ", diffs))
        + "); only --workers may change on resume; rerun with the stored arguments or choose another --out");
  }

  private static List<EpisodeOutcome> readWritten(Path episodes, List<EpisodeSpec> plan) throws IOException {
    if (!Files.exists(episodes)) return List.of();
    List<String> lines = truncateLines(episodes, line -> true);
    List<EpisodeOutcome> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode n;
      try {
        n = JsonFiles.MAPPER.readTree(lines.get(i));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot --resume: " + episodes + " line " + (i + 1) + " is not JSON");
      }
      if (i >= plan.size()) {
        throw new IllegalArgumentException("cannot --resume: " + episodes + " has more episodes than the plan ("
            + plan.size() + ")");
      }
      EpisodeSpec s = plan.get(i);
      if (n.path("episode").asInt(-1) != s.index() || n.path("task_id").asInt(-1) != s.taskId()
          || n.path("init_state").asInt(-1) != s.initState() || n.path("seed").asLong() != s.seed()
          || !n.path("seed").canConvertToLong()) {
        throw new IllegalArgumentException("cannot --resume: " + episodes + " line " + (i + 1) + " is " + lines.get(i)
            + ", but the plan's episode " + s.index() + " is task " + s.taskId() + ", init state " + s.initState() + ", seed "
            + s.seed() + "; choose another --out");
      }
      out.add(new EpisodeOutcome(s.index(), s.taskId(), n.path("success").asBoolean()));
    }
    return out;
  }

  /** A test on one line of a JSONL file; a line that makes it throw counts as not kept. */
  @FunctionalInterface
  interface LinePredicate {
    boolean test(String line) throws IOException;
  }

  /**
   * Keeps the longest prefix of complete (newline-terminated) lines of {@code file} that all pass
   * {@code keep}, cuts the file there, and returns the kept lines. A missing file stays missing.
   */
  static List<String> truncateLines(Path file, LinePredicate keep) throws IOException {
    List<String> kept = new ArrayList<>();
    if (!Files.exists(file)) return kept;
    long keepBytes = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream(256);
      for (int b; (b = in.read()) != -1; ) {
        if (b != '\n') {
          line.write(b);
          continue;
        }
        String s = line.toString(StandardCharsets.UTF_8);
        boolean ok;
        try {
          ok = keep.test(s);
        } catch (IOException | RuntimeException e) {
          ok = false;
        }
        if (!ok) break;
        kept.add(s);
        keepBytes += line.size() + 1;
        line.reset();
      }
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(keepBytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot truncate " + file + ": " + e.getMessage(), e);
    }
    return kept;
  }
}
