package org.vla4j.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The executors on hand-made chunk sequences: query q (from 0) answers a chunk whose row i has
 * dimension 0 = 10·q + i (and dimension 6 = q), so every expected value below follows from the
 * formulas in {@link ChunkExecutor}'s doc.
 */
class ChunkExecutorTest {
  /** Chunks of length h; counts its queries. */
  static final class Source implements Supplier<double[][]> {
    final int h;
    int queries;

    Source(int h) {
      this.h = h;
    }

    @Override
    public double[][] get() {
      double[][] c = new double[h][7];
      for (int i = 0; i < h; i++) {
        c[i][0] = 10 * queries + i;
        c[i][6] = queries;
      }
      queries++;
      return c;
    }
  }

  static List<ChunkExecutor.Executed> run(ChunkExecutor e, int replan, Source s, int steps) {
    ChunkExecutor.Session session = e.start(replan);
    List<ChunkExecutor.Executed> out = new ArrayList<>();
    for (int t = 0; t < steps; t++) out.add(session.next(s));
    return out;
  }

  @Test
  void openLoopNExecutesTheFirstNOfEachChunk() {
    Source s = new Source(4);
    List<ChunkExecutor.Executed> x = run(new ChunkExecutor.OpenLoop(3), 99, s, 7);
    // queries at steps 0, 3, 6: rows 0,1,2 of each
    assertThat(x.stream().map(e -> e.action()[0]).toList()).containsExactly(0.0, 1.0, 2.0, 10.0, 11.0, 12.0, 20.0);
    assertThat(x.stream().map(ChunkExecutor.Executed::query).toList()).containsExactly(0, 0, 0, 1, 1, 1, 2);
    assertThat(x).allMatch(e -> e.blend() == 1 && e.horizon() == 4);
    assertThat(s.queries).isEqualTo(3);
  }

  @Test
  void defaultOpenLoopUsesThePolicysReplanCountAndAShortChunkIsReplannedWhenItRunsOut() {
    List<ChunkExecutor.Executed> x = run(ChunkExecutor.DEFAULT, 2, new Source(8), 5);
    assertThat(x.stream().map(e -> e.action()[0]).toList()).containsExactly(0.0, 1.0, 10.0, 11.0, 20.0);
    Source s = new Source(3);
    List<ChunkExecutor.Executed> whole = run(ChunkExecutor.DEFAULT, Integer.MAX_VALUE, s, 7);
    assertThat(whole.stream().map(e -> e.action()[0]).toList()).containsExactly(0.0, 1.0, 2.0, 10.0, 11.0, 12.0, 20.0);
    assertThat(s.queries).isEqualTo(3);
  }

  @Test
  void ensembleAveragesEveryPredictionForTheStepOldestFirstWithExpWeights() {
    double m = Math.log(2); // weights 1, 1/2, 1/4 (oldest first) before normalization
    Source s = new Source(3);
    List<ChunkExecutor.Executed> x = run(new ChunkExecutor.Ensemble(m), 1, s, 4);
    assertThat(s.queries).isEqualTo(4); // a query every step
    // step 0: query 0 row 0 only
    assertThat(x.get(0).action()[0]).isEqualTo(0.0);
    // step 1: query 0 row 1 (=1, weight 1), query 1 row 0 (=10, weight 1/2)
    assertThat(x.get(1).action()[0]).isCloseTo((1 * 1 + 0.5 * 10) / 1.5, within(1e-12));
    // step 2: q0 row 2 (=2), q1 row 1 (=11), q2 row 0 (=20)
    assertThat(x.get(2).action()[0]).isCloseTo((2 + 0.5 * 11 + 0.25 * 20) / 1.75, within(1e-12));
    // step 3: q0's chunk has ended: q1 row 2 (=12), q2 row 1 (=21), q3 row 0 (=30)
    assertThat(x.get(3).action()[0]).isCloseTo((12 + 0.5 * 21 + 0.25 * 30) / 1.75, within(1e-12));
    assertThat(x.get(3).action()[6]).isCloseTo((1 + 0.5 * 2 + 0.25 * 3) / 1.75, within(1e-12));
    assertThat(x.stream().map(ChunkExecutor.Executed::blend).toList()).containsExactly(1, 2, 3, 3);
    assertThat(x.stream().map(ChunkExecutor.Executed::query).toList()).containsExactly(0, 1, 2, 3);
  }

  @Test
  void ensembleWithMZeroIsThePlainMeanAndACT001WeighsTheOldestMost() {
    List<ChunkExecutor.Executed> x = run(new ChunkExecutor.Ensemble(0), 1, new Source(2), 2);
    assertThat(x.get(1).action()[0]).isCloseTo((1 + 10) / 2.0, within(1e-12));
    List<ChunkExecutor.Executed> act = run(new ChunkExecutor.Ensemble(0.01), 1, new Source(2), 2);
    double w1 = Math.exp(-0.01);
    assertThat(act.get(1).action()[0]).isCloseTo((1 + w1 * 10) / (1 + w1), within(1e-12)).isLessThan(5.5);
  }

  @Test
  void weightedQueueRefillsAtHalfAndMerges03Old07New() {
    Source s = new Source(4);
    List<ChunkExecutor.Executed> x = run(new ChunkExecutor.Queue(ChunkExecutor.Merge.WEIGHTED, 0.5), 1, s, 6);
    // step 0: empty → query 0: queue [0,1,2,3]; pop 0 (3 left)
    // step 1: 3/4 > 0.5 → pop 1 (2 left); step 2: 2/4 ≤ 0.5 → query 1 [10,11,12,13]:
    //   step 2 = 0.3·2 + 0.7·10, step 3 = 0.3·3 + 0.7·11, then 12, 13 appended; pop step 2
    // step 3: 3 left → pop; step 4: 2/4 → query 2 [20..23]: step 4 = 0.3·12 + 0.7·20, step 5 = 0.3·13 + 0.7·21
    assertThat(x.get(0).action()[0]).isEqualTo(0.0);
    assertThat(x.get(1).action()[0]).isEqualTo(1.0);
    assertThat(x.get(2).action()[0]).isCloseTo(0.3 * 2 + 0.7 * 10, within(1e-12));
    assertThat(x.get(3).action()[0]).isCloseTo(0.3 * 3 + 0.7 * 11, within(1e-12));
    assertThat(x.get(4).action()[0]).isCloseTo(0.3 * 12 + 0.7 * 20, within(1e-12));
    assertThat(x.get(5).action()[0]).isCloseTo(0.3 * 13 + 0.7 * 21, within(1e-12));
    assertThat(s.queries).isEqualTo(3);
    assertThat(x.stream().map(ChunkExecutor.Executed::query).toList()).containsExactly(0, 0, 1, 1, 2, 2);
    assertThat(x.stream().map(ChunkExecutor.Executed::blend).toList()).containsExactly(1, 1, 2, 2, 2, 2);
  }

  @Test
  void latestQueueTakesTheNewActionAndAThresholdOfZeroRunsEachChunkOut() {
    List<ChunkExecutor.Executed> x = run(new ChunkExecutor.Queue(ChunkExecutor.Merge.LATEST, 0.5), 1, new Source(4), 4);
    assertThat(x.stream().map(e -> e.action()[0]).toList()).containsExactly(0.0, 1.0, 10.0, 11.0);
    Source s = new Source(3);
    List<ChunkExecutor.Executed> y = run(new ChunkExecutor.Queue(ChunkExecutor.Merge.WEIGHTED, 0), 1, s, 6);
    assertThat(y.stream().map(e -> e.action()[0]).toList()).containsExactly(0.0, 1.0, 2.0, 10.0, 11.0, 12.0);
    assertThat(s.queries).isEqualTo(2);
  }

  @Test
  void aNewSessionForgetsTheLastEpisode() {
    ChunkExecutor e = new ChunkExecutor.Queue(ChunkExecutor.Merge.WEIGHTED, 0.5);
    Source s = new Source(4);
    run(e, 1, s, 3);
    ChunkExecutor.Executed first = e.start(1).next(s);
    assertThat(first.query()).isZero();
    assertThat(first.action()[0]).isEqualTo(20.0); // the fresh query's row 0, nothing merged
    assertThat(first.blend()).isEqualTo(1);
  }

  @Test
  void specsParseAndPrintBack() {
    for (String spec : List.of("open-loop", "open-loop:8", "ensemble:0.01", "ensemble:0", "queue:weighted", "queue:latest",
        "queue:weighted:0.25")) {
      assertThat(ChunkExecutor.parse(spec).spec()).isEqualTo(spec);
    }
    assertThat(ChunkExecutor.parse("queue:latest:0.5").spec()).isEqualTo("queue:latest");
    assertThat(ChunkExecutor.parse("open-loop").isDefault()).isTrue();
    assertThat(ChunkExecutor.parse("open-loop:5").isDefault()).isFalse();
  }

  @Test
  void badSpecsNameTheValueAndTheValidSpellings() {
    for (String bad : List.of("", "closed", "open-loop:0", "open-loop:x", "ensemble", "ensemble:-1", "ensemble:NaN", "queue",
        "queue:mean", "queue:weighted:2", "open-loop:3:4")) {
      assertThatThrownBy(() -> ChunkExecutor.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--executor").hasMessageContaining("valid: open-loop");
    }
  }
}
