package org.vla4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vla4j.data.LeRobotReader;
import org.vla4j.data.LeRobotWriter;
import org.vla4j.policy.steps.normalize.DatasetStatistics;
import org.vla4j.policy.steps.normalize.NormalizationStatistics;
import org.vla4j.policy.steps.normalize.StatisticsComputer;
import org.vla4j.policy.steps.normalize.StatisticsJson;
import org.vla4j.policy.steps.normalize.Trajectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vla4j stats}: normalization statistics ({@code dataset_statistics.json}). */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = "Compute and inspect normalization statistics (dataset_statistics.json).",
    subcommands = {StatsCommand.Compute.class, StatsCommand.Merge.class})
public final class StatsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code vla4j stats compute}: reads trajectories as JSONL (one object per line with {@code
   * "actions": [[...], ...]} and optional {@code "proprio"}) and writes OpenVLA's
   * dataset_statistics.json under {@code --key}; or, with {@code --dataset DIR}, reads a LeRobot
   * v3.0 dataset (actions = {@code action}, proprio = {@code observation.state}, default mask
   * LIBERO's [true ×6, false]), giving exactly what {@code vla4j collect} wrote. The computation is
   * {@link StatisticsComputer}.
   */
  @Command(name = "compute", mixinStandardHelpOptions = true,
      description = "Statistics from a JSONL file of trajectories ({\"actions\": [[...]], \"proprio\": [[...]]?}) or a LeRobot v3.0 dataset (--dataset).")
  static final class Compute implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--input", defaultValue = "-", description = "trajectories JSONL, '-' for stdin (default)")
    String input;

    @Option(names = "--dataset", description = "a LeRobot v3.0 dataset folder to read instead of --input (action and observation.state)")
    Path dataset;

    @Option(names = {"--unnorm-key", "--key"}, required = true, description = "dataset key (the unnorm_key) to store the statistics under (--key: the older spelling)")
    String key;

    @Option(names = "--output", required = true, description = "dataset_statistics.json to write")
    Path output;

    @Option(names = "--mask", description = "action mask, JSON array of booleans (e.g. LIBERO: [true,true,true,true,true,true,false]); default: none (all normalized)")
    String mask;

    @Option(names = "--append", description = "add the key to an existing --output file instead of replacing it")
    boolean append;

    @Override
    public void run() {
      boolean[] m = mask == null ? (dataset != null ? LeRobotWriter.ACTION_MASK.clone() : null) : parseMask(mask);
      List<Trajectory> trajectories;
      if (dataset != null && !"-".equals(input)) {
        throw new IllegalArgumentException("give either --input or --dataset, not both");
      }
      if (dataset != null) {
        try {
          trajectories = LeRobotReader.trajectories(dataset);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        trajectories = read();
      }
      DatasetStatistics ds = StatisticsComputer.compute(trajectories, m);
      if (m != null && m.length != ds.action().dims()) {
        throw new IllegalArgumentException("--mask has " + m.length + " entries but actions have "
            + ds.action().dims() + " dimensions");
      }
      Map<String, DatasetStatistics> all = new LinkedHashMap<>();
      if (append && Files.exists(output)) {
        all.putAll(StatisticsJson.read(output).datasets());
      }
      all.put(key, ds);
      try {
        StatisticsJson.write(new NormalizationStatistics(all), output);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      spec.commandLine().getErr().println("vla4j: wrote statistics for '" + key + "' (" + ds.numTrajectories()
          + " trajectories, " + ds.numTransitions() + " transitions) to " + output);
    }

    private static boolean[] parseMask(String text) {
      JsonNode n;
      try {
        n = JsonLines.MAPPER.readTree(text);
      } catch (JsonProcessingException e) {
        n = null;
      }
      if (n == null || !n.isArray() || n.isEmpty()) {
        throw new IllegalArgumentException("--mask: expected a JSON array of booleans, got " + text);
      }
      boolean[] m = new boolean[n.size()];
      for (int i = 0; i < m.length; i++) {
        if (!n.get(i).isBoolean()) {
          throw new IllegalArgumentException("--mask: element " + i + " is " + n.get(i) + ", expected true or false");
        }
        m[i] = n.get(i).asBoolean();
      }
      return m;
    }

    private List<Trajectory> read() {
      List<Trajectory> out = new ArrayList<>();
      try (BufferedReader r = JsonLines.open(input)) {
        int n = 0;
        for (String line; (line = r.readLine()) != null; ) {
          n++;
          if (line.isBlank()) {
            continue;
          }
          JsonNode node;
          try {
            node = JsonLines.MAPPER.readTree(line);
          } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("line " + n + ": not valid JSON: " + JsonLines.abbreviate(line));
          }
          if (!node.isObject() || !node.has("actions")) {
            throw new IllegalArgumentException("line " + n + ": expected an object with \"actions\": [[...], ...]");
          }
          double[][] actions = matrix(node.get("actions"), "line " + n + " actions");
          double[][] proprio = node.hasNonNull("proprio") ? matrix(node.get("proprio"), "line " + n + " proprio") : null;
          out.add(new Trajectory(actions, proprio));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("no trajectories in " + input);
      }
      return out;
    }

    private static double[][] matrix(JsonNode n, String what) {
      if (!n.isArray() || n.isEmpty()) {
        throw new IllegalArgumentException(what + ": expected a non-empty array of arrays");
      }
      double[][] m = new double[n.size()][];
      for (int i = 0; i < m.length; i++) {
        m[i] = JsonLines.doubles(n.get(i), what + " row " + i);
        if (m[i].length != m[0].length) {
          throw new IllegalArgumentException(what + " row " + i + " has " + m[i].length
              + " dimensions, expected " + m[0].length);
        }
      }
      return m;
    }
  }

  /** {@code vla4j stats merge}: the union of the keys of several dataset_statistics.json files. */
  @Command(name = "merge", mixinStandardHelpOptions = true,
      description = "Merge dataset_statistics.json files: the union of their keys (a key in two files is an error).")
  static final class Merge implements Runnable {
    @Spec CommandSpec spec;

    @Parameters(arity = "2..*", paramLabel = "FILE", description = "dataset_statistics.json files to merge")
    List<Path> inputs;

    @Option(names = "--out", required = true, description = "merged dataset_statistics.json to write")
    Path out;

    @Override
    public void run() {
      Map<String, DatasetStatistics> all = new LinkedHashMap<>();
      Map<String, Path> from = new LinkedHashMap<>();
      for (Path in : inputs) {
        for (Map.Entry<String, DatasetStatistics> e : StatisticsJson.read(in).datasets().entrySet()) {
          Path before = from.putIfAbsent(e.getKey(), in);
          if (before != null) {
            throw new IllegalArgumentException("key '" + e.getKey() + "' is in both " + before + " and " + in
                + "; rename one (e.g. collect --dataset-key) before merging");
          }
          all.put(e.getKey(), e.getValue());
        }
      }
      try {
        StatisticsJson.write(new NormalizationStatistics(all), out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      spec.commandLine().getErr().println("vla4j: wrote " + all.size() + " keys " + all.keySet() + " to " + out);
    }
  }
}
