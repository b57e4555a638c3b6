package org.vla4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.vla4j.policy.steps.normalize.ActionNormalizer;
import org.vla4j.policy.steps.normalize.FeatureStatistics;
import org.vla4j.policy.steps.tokenize.OpenVlaActionTokenizer;

/**
 * Boxes 4–5 hot path: OpenVLA encode + decode + BOUNDS_Q99 unnormalize, for one 7-D action and for
 * a [50, 7] action chunk (time-major), into preallocated buffers. Run (see docs/BENCHMARKS.md):
 *
 * <pre>{@code
 * ./mvnw -B -q test-compile && java -cp "$(cat target/bench.classpath):target/classes:target/test-classes" \
 *     org.openjdk.jmh.Main DetokenizerBenchmark -wi 2 -i 3 -f 1 -w 1s -r 1s
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DetokenizerBenchmark {

  private final OpenVlaActionTokenizer tokenizer = OpenVlaActionTokenizer.openVla();
  private ActionNormalizer normalizer;
  private double[] action;
  private int[] actionIds;
  private double[] actionOut;
  private double[] chunk;
  private int[] chunkIds;
  private double[] chunkOut;

  /** Seeded LIBERO-like statistics and inputs. */
  @Setup
  public void setup() {
    SplittableRandom rnd = new SplittableRandom(1);
    double[] q01 = {-0.75, -0.9, -0.9, -0.1, -0.15, -0.2, -1};
    double[] q99 = {0.9, 0.85, 0.95, 0.15, 0.2, 0.3, 1};
    boolean[] mask = {true, true, true, true, true, true, false};
    normalizer = new ActionNormalizer(new FeatureStatistics(new double[7], new double[7], q99, q01, q01, q99, mask));
    action = new double[7];
    for (int i = 0; i < 7; i++) {
      action[i] = rnd.nextDouble(-1, 1);
    }
    actionIds = new int[7];
    actionOut = new double[7];
    chunk = new double[50 * 7];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = rnd.nextDouble(-1, 1);
    }
    chunkIds = new int[chunk.length];
    chunkOut = new double[chunk.length];
  }

  /** One 7-D action: encode → decode → unnormalize. */
  @Benchmark
  public double[] action7() {
    tokenizer.encode(action, actionIds);
    tokenizer.decode(actionIds, actionOut);
    normalizer.unnormalize(actionOut, actionOut);
    return actionOut;
  }

  /** A [50, 7] action chunk: encode → decode → unnormalize. */
  @Benchmark
  public double[] chunk50x7() {
    tokenizer.encode(chunk, chunkIds);
    tokenizer.decode(chunkIds, chunkOut);
    normalizer.unnormalize(chunkOut, chunkOut);
    return chunkOut;
  }
}
