package org.vla4j.rollout;

import org.vla4j.eval.plan.EpisodePlan;
import org.vla4j.eval.run.FakeRunners;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;

/** Ordering, thread confinement and abort rules of {@link ParallelEpisodes}. */
class ParallelEpisodesTest {
  private final Suite suite = Suites.get("object");
  private final EpisodePlan plan = EpisodePlan.of(suite, List.of(0, 1, 2, 3), 5, List.of(0, 1, 2), 11);

  @Test
  void resultsArriveInCanonicalOrderWithMoreWorkersThanEpisodes() {
    FakeRunners runners = FakeRunners.plain();
    List<Integer> order = new ArrayList<>();
    ParallelEpisodes.run(plan.episodes().subList(0, 6), 8, runners.factory(suite, "expert"),
        id -> suite.task(id).instruction(), r -> order.add(r.spec().index()));
    assertThat(order).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(runners.created().get()).as("no more runners than episodes").isLessThanOrEqualTo(6);
    assertThat(runners.closed().get()).isEqualTo(runners.created().get());
  }

  @Test
  void eachRunnerIsCreatedAndUsedOnItsOwnWorkerThread() {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    EpisodeRunner.Factory factory = () -> {
      EpisodeRunner inner = FakeRunners.plain().factory(suite, "expert").create();
      threads.add(Thread.currentThread().getName());
      return inner; // the fake itself fails if used on another thread than its creator's
    };
    List<EpisodeResult> out = new ArrayList<>();
    ParallelEpisodes.run(plan.episodes(), 3, factory, id -> suite.task(id).instruction(), out::add);
    assertThat(out).hasSize(plan.size()).allSatisfy(r -> assertThat(String.valueOf(r.failureReason())).doesNotStartWith("error"));
    assertThat(threads).allSatisfy(t -> assertThat(t).startsWith("vla4j-eval-worker-")).hasSizeLessThanOrEqualTo(3);
  }

  @Test
  void aRunnerThatCannotBeCreatedAbortsTheRunWithItsCause() {
    List<EpisodeResult> out = new ArrayList<>();
    EpisodeRunner.Factory broken = () -> {
      throw new IllegalStateException("no GL context");
    };
    assertThatThrownBy(() -> ParallelEpisodes.run(plan.episodes(), 2, broken, id -> "", out::add))
        .isInstanceOf(IllegalStateException.class).hasMessage("no GL context");
    assertThat(out).isEmpty();
  }

  @Test
  void aCrashStopsHandingOverResults() {
    List<Integer> written = new ArrayList<>();
    EpisodeRunner.Factory crashing = FakeRunners.plain().crashingAt(4).factory(suite, "expert");
    assertThatThrownBy(() -> ParallelEpisodes.run(plan.episodes(), 2, crashing, id -> "", r -> written.add(r.spec().index())))
        .isInstanceOf(FakeRunners.Crash.class);
    assertThat(written).as("a prefix of the plan, before the crashed episode").isSubsetOf(0, 1, 2, 3);
    for (int i = 0; i < written.size(); i++) assertThat(written.get(i)).isEqualTo(i);
  }

  @Test
  void describeIsOneShortLine() {
    String d = ParallelEpisodes.describe(new IllegalArgumentException("bad\n  value " + "x".repeat(500)));
    assertThat(d).startsWith("IllegalArgumentException: bad value x").doesNotContain("\n").hasSize(200);
  }
}
