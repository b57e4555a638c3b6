package org.vla4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vla4j.cli.DefaultRunners;
import org.vla4j.eval.plan.Shard;
import org.vla4j.eval.run.EvalListener;
import org.vla4j.eval.run.EvalRequest;
import org.vla4j.eval.run.Evaluation;
import org.vla4j.eval.run.MonitorChoice;
import org.vla4j.eval.run.ShardMerge;
import org.vla4j.policy.steps.Fault;

/**
 * Cost of {@code vla4j merge} against the number of shards: runs the expert on suite object,
 * {@code --episodes-per-task E} over all tasks, as N shards (in this one JVM, to skip N JVM
 * starts), then merges them {@code --repeats} times and prints the median merge time as JSON.
 *
 * <p>{@code java … org.vla4j.bench.MergeBench --shards 50 --episodes-per-task 5 --out DIR}
 */
public final class MergeBench {
  public static void main(String[] args) throws Exception {
    int shards = 50, perTask = 5, repeats = 3;
    Path out = Path.of("target/merge-bench");
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--shards" -> shards = Integer.parseInt(args[i + 1]);
        case "--episodes-per-task" -> perTask = Integer.parseInt(args[i + 1]);
        case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<Path> dirs = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < shards; i++) {
      Path d = out.resolve("shards").resolve("shard-" + i);
      if (!Files.exists(d.resolve("summary.json"))) {
        new Evaluation(DefaultRunners.provider()).run(new EvalRequest("object", "expert", "all", perTask, "all", 0, d, true, 1,
            List.of(), Fault.NONE, MonitorChoice.OFF, null, new Shard(i, shards)), EvalListener.NONE);
      }
      dirs.add(d);
    }
    double evalS = (System.nanoTime() - t0) / 1e9;
    List<Double> times = new ArrayList<>();
    long bytes = 0;
    for (int r = 0; r < repeats; r++) {
      Path m = out.resolve("merged-" + r);
      if (Files.exists(m)) try (var s = Files.walk(m)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
      }
      long a = System.nanoTime();
      ShardMerge.merge(dirs, m);
      times.add((System.nanoTime() - a) / 1e9);
      bytes = Files.size(m.resolve("steps.jsonl")) + Files.size(m.resolve("episodes.jsonl")) + Files.size(m.resolve("timings.jsonl"));
    }
    List<Double> sorted = times.stream().sorted().toList();
    System.out.println(String.format(Locale.ROOT,
        "{\"shards\":%d,\"episodes\":%d,\"log_bytes\":%d,\"eval_s\":%.1f,\"merge_s\":%s,\"merge_median_s\":%.3f}", shards,
        10 * perTask, bytes, evalS, times.stream().map(t -> String.format(Locale.ROOT, "%.3f", t)).toList(), sorted.get(sorted.size() / 2)));
  }
}
