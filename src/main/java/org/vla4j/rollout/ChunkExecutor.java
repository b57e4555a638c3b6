package org.vla4j.rollout;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How action chunks {@code [H, 7]} become executed actions, one per control step: chosen per run
 * ({@code --executor}), recorded in config.json and in the run's fingerprint, so that one model can be
 * evaluated under several executors without retraining. Spellings ({@link #parse}, {@link #spec}):
 *
 * <ul>
 *   <li>{@code open-loop} (default): execute the first n actions of each chunk, then query again, with
 *       n the policy's own ({@code ChunkPolicy.replanSteps()}: openpi's {@code replan_steps}, the whole
 *       chunk for an in-process chunked model); {@code open-loop:N} sets n = N (OpenVLA-OFT executes 8
 *       on LIBERO, arXiv:2502.19645; openpi's LIBERO client 5). A chunk shorter than n is replanned
 *       when it runs out.
 *   <li>{@code ensemble:M}: ACT's temporal ensemble (Zhao et al. 2023, arXiv:2304.13705, and its code
 *       {@code tonyzhaozh/act} {@code imitate_episodes.py}): query at every step; the action for step t
 *       averages every prediction made for step t (one per query made at steps t−H+1..t whose chunk
 *       reaches t) with weights {@code w_i = exp(−M·i) / Σ_j exp(−M·j)}, i = 0 for the oldest
 *       prediction (ACT's convention: the oldest weighs most when M &gt; 0; ACT uses M = 0.01). M ≥ 0.
 *   <li>{@code queue:weighted} and {@code queue:latest}, optionally {@code :G}: LeRobot's asynchronous
 *       inference queue ({@code lerobot/async_inference/robot_client.py}, {@code
 *       _aggregate_action_queues}): the queue holds the actions planned for the coming steps; a new
 *       query is made when the queue is empty or {@code size / H ≤ G} (LeRobot's {@code
 *       chunk_size_threshold}, default G = 0.5; H is the longest chunk seen in the episode); the new
 *       chunk's action i is for step t + i; where the queue already holds an action for that step the
 *       two are merged, {@code 0.3·old + 0.7·new} ({@code weighted_average}) or {@code new} ({@code
 *       latest_only}), the rest is appended. Difference from LeRobot: its client labels the observation
 *       with the last executed step, so it drops action 0 of every chunk after the first; in this
 *       synchronous loop the observation is exactly that of step t and action 0 is executed at step t.
 * </ul>
 *
 * <p>Every executor forgets everything at an episode start ({@link #start}), so episodes are
 * independent and a pure function of their observations.
 */
public sealed interface ChunkExecutor permits ChunkExecutor.OpenLoop, ChunkExecutor.Ensemble, ChunkExecutor.Queue {
  /** Open loop with the policy's own replan count. */
  ChunkExecutor DEFAULT = new OpenLoop(0);

  /** The spellings an error lists. */
  String VALID = "open-loop, open-loop:N (N >= 1), ensemble:M (M >= 0), queue:weighted, queue:latest (optionally :G, 0 <= G <= 1)";

  /** The canonical spelling, e.g. {@code open-loop:8}, {@code ensemble:0.01}, {@code queue:weighted}. */
  String spec();

  /**
   * A fresh per-episode state.
   *
   * @param policyReplanSteps the policy's own open-loop count ({@code ChunkPolicy.replanSteps()}, ≥ 1),
   *     used by {@code open-loop} without N
   */
  Session start(int policyReplanSteps);

  /** Whether this is {@link #DEFAULT}. */
  default boolean isDefault() {
    return equals(DEFAULT);
  }

  /**
   * Open loop over the first {@code n} actions of each chunk.
   *
   * @param n actions per chunk, ≥ 1, or 0 for the policy's own count
   */
  record OpenLoop(int n) implements ChunkExecutor {
    public OpenLoop {
      if (n < 0) throw new IllegalArgumentException("--executor open-loop:" + n + ": N must be >= 1; valid: " + VALID);
    }

    @Override
    public String spec() {
      return n == 0 ? "open-loop" : "open-loop:" + n;
    }

    @Override
    public Session start(int policyReplanSteps) {
      int limit = n == 0 ? Math.max(1, policyReplanSteps) : n;
      return new Session() {
        double[][] chunk;
        int executed;
        int queries;

        @Override
        public Executed next(Supplier<double[][]> query) {
          if (chunk == null || executed >= Math.min(limit, chunk.length)) {
            chunk = query.get();
            queries++;
            executed = 0;
          }
          return new Executed(chunk[executed++].clone(), queries - 1, 1, chunk.length);
        }
      };
    }
  }

  /**
   * ACT's temporal ensemble with weights {@code exp(−m·i)}, i = 0 for the oldest prediction.
   *
   * @param m the weight decay, finite, ≥ 0
   */
  record Ensemble(double m) implements ChunkExecutor {
    public Ensemble {
      if (!(m >= 0) || !Double.isFinite(m)) {
        throw new IllegalArgumentException("--executor ensemble:" + m + ": M must be a finite number >= 0; valid: " + VALID);
      }
    }

    @Override
    public String spec() {
      return "ensemble:" + number(m);
    }

    @Override
    public Session start(int policyReplanSteps) {
      return new Session() {
        /** Live predictions, oldest query first: the query's step and its chunk. */
        final ArrayDeque<Prediction> live = new ArrayDeque<>();
        int step;
        int queries;

        @Override
        public Executed next(Supplier<double[][]> query) {
          double[][] c = query.get();
          live.addLast(new Prediction(step, c));
          queries++;
          double[] sum = new double[7];
          double total = 0;
          int i = 0;
          int horizon = 0;
          for (Iterator<Prediction> it = live.iterator(); it.hasNext(); ) {
            Prediction p = it.next();
            int k = step - p.from;
            if (k >= p.rows.length) { // this query's chunk ended before the current step
              it.remove();
              continue;
            }
            double w = Math.exp(-m * i++);
            for (int d = 0; d < 7; d++) sum[d] += w * p.rows[k][d];
            total += w;
            horizon = p.rows.length;
          }
          for (int d = 0; d < 7; d++) sum[d] /= total;
          step++;
          return new Executed(sum, queries - 1, i, horizon);
        }
      };
    }

    private record Prediction(int from, double[][] rows) {}
  }

  /** How LeRobot's queue merges a new chunk's action with the one already planned for the same step. */
  enum Merge {
    /** {@code weighted_average}: 0.3·old + 0.7·new. */
    WEIGHTED,
    /** {@code latest_only}: the new action. */
    LATEST;

    /** The merged action (a new array). */
    public double[] merge(double[] old, double[] fresh) {
      double[] out = new double[7];
      for (int d = 0; d < 7; d++) out[d] = this == WEIGHTED ? 0.3 * old[d] + 0.7 * fresh[d] : fresh[d];
      return out;
    }
  }

  /**
   * LeRobot's asynchronous action queue, run synchronously.
   *
   * @param merge how overlapping actions are merged
   * @param threshold the queue fill (size / H) at or below which a new query is made, in [0, 1]
   */
  record Queue(Merge merge, double threshold) implements ChunkExecutor {
    /** LeRobot's default {@code chunk_size_threshold}. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    public Queue {
      java.util.Objects.requireNonNull(merge, "merge");
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("--executor queue threshold " + threshold + " must be in [0, 1]; valid: " + VALID);
      }
    }

    @Override
    public String spec() {
      String s = "queue:" + merge.name().toLowerCase(Locale.ROOT);
      return threshold == DEFAULT_THRESHOLD ? s : s + ":" + number(threshold);
    }

    @Override
    public Session start(int policyReplanSteps) {
      return new Session() {
        /** Planned actions for steps t, t+1, …: action, query that last wrote it, predictions merged. */
        final List<Planned> queue = new ArrayList<>();
        int horizon;
        int queries;

        @Override
        public Executed next(Supplier<double[][]> query) {
          if (queue.isEmpty() || queue.size() <= threshold * horizon) {
            double[][] c = query.get();
            horizon = Math.max(horizon, c.length);
            int q = queries++;
            for (int i = 0; i < c.length; i++) {
              if (i < queue.size()) {
                Planned old = queue.get(i);
                queue.set(i, new Planned(merge.merge(old.action, c[i]), q, merge == Merge.WEIGHTED ? old.blend + 1 : 1, c.length));
              } else {
                queue.add(new Planned(c[i].clone(), q, 1, c.length));
              }
            }
          }
          Planned p = queue.removeFirst();
          return new Executed(p.action, p.query, p.blend, p.horizon);
        }
      };
    }

    private record Planned(double[] action, int query, int blend, int horizon) {}
  }

  /** One episode's executor state. Not thread-safe. */
  interface Session {
    /**
     * The action for the current step; calls {@code query} when the executor wants a new chunk.
     *
     * @param query the policy's chunk for the current observation: H ≥ 1 rows of 7
     */
    Executed next(Supplier<double[][]> query);
  }

  /**
   * An executed action and where it came from.
   *
   * @param action the 7-D action to execute (a fresh array)
   * @param query index (from 0, within the episode) of the newest query whose prediction is in it
   * @param blend how many predictions were averaged into it (1 for open loop and {@code queue:latest})
   * @param horizon H of that newest query's chunk
   */
  record Executed(double[] action, int query, int blend, int horizon) {}

  /**
   * Parses {@code --executor}.
   *
   * @throws IllegalArgumentException naming the bad value and the valid spellings
   */
  static ChunkExecutor parse(String s) {
    String bad = "--executor '" + s + "' is not an executor; valid: " + VALID;
    if (s == null) throw new IllegalArgumentException(bad);
    String[] p = s.strip().split(":", -1);
    try {
      switch (p[0]) {
        case "open-loop" -> {
          if (p.length == 1) return DEFAULT;
          if (p.length == 2) {
            int n = Integer.parseInt(p[1]);
            if (n < 1) throw new IllegalArgumentException("--executor " + s + ": N must be >= 1; valid: " + VALID);
            return new OpenLoop(n);
          }
        }
        case "ensemble" -> {
          if (p.length == 2) return new Ensemble(Double.parseDouble(p[1]));
        }
        case "queue" -> {
          if (p.length == 2 || p.length == 3) {
            Merge m = switch (p[1]) {
              case "weighted" -> Merge.WEIGHTED;
              case "latest" -> Merge.LATEST;
              default -> throw new IllegalArgumentException(bad);
            };
            return new Queue(m, p.length == 3 ? Double.parseDouble(p[2]) : Queue.DEFAULT_THRESHOLD);
          }
        }
        default -> {}
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(bad);
    }
    throw new IllegalArgumentException(bad);
  }

  /** A number as written in a spec: shortest round-trip form, no trailing {@code .0}. */
  private static String number(double x) {
    String t = Double.toString(x);
    return t.endsWith(".0") ? t.substring(0, t.length() - 2) : t;
  }
}
