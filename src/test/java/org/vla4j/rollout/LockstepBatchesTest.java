package org.vla4j.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vla4j.policy.BatchPolicy;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;

/**
 * The lockstep of {@link LockstepBatches} with a recording {@link BatchPolicy} (a test double of the
 * model, inside this unit test only): queries of the members inside an episode go out as one batch,
 * each member gets its own row, a member whose episode ended stalls nobody, errors reach every member
 * of the batch, and groups hold at most B members.
 */
class LockstepBatchesTest {
  /** Answers each input with its instruction's length as the action; records the batch sizes. */
  static final class Recording implements BatchPolicy {
    final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    volatile boolean fail;
    boolean closed;

    @Override
    public List<PolicyOutput> actBatch(List<PolicyInput> inputs) {
      sizes.add(inputs.size());
      try {
        Thread.sleep(5); // a model call takes time: members that start late join while it runs
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (fail) throw new IllegalStateException("model failed");
      return inputs.stream().map(i -> new PolicyOutput(new double[] {i.instruction().length()}, new int[0], 0)).toList();
    }

    @Override
    public String name() {
      return "rec";
    }

    @Override
    public List<String> pipeline() {
      return List.of();
    }

    @Override
    public PolicyOutput act(PolicyInput input) {
      return actBatch(List.of(input)).getFirst();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  static PolicyInput in(String s) {
    return new PolicyInput(null, null, null, s);
  }

  @Test
  void membersInsideAnEpisodeAreAnsweredInOneBatchEachWithItsRow() throws Exception {
    Recording rec = new Recording();
    LockstepBatches b = new LockstepBatches(3, () -> rec);
    List<LockstepBatches.Member> m = List.of(b.join(), b.join(), b.join());
    double[] got = new double[3];
    int steps = 5;
    CountDownLatch done = new CountDownLatch(3), started = new CountDownLatch(3);
    for (int k = 0; k < 3; k++) {
      int id = k;
      Thread.ofPlatform().start(() -> {
        started.countDown();
        try {
          started.await();
        } catch (InterruptedException e) {
          return;
        }
        // member k runs an episode of 5 + k steps: longer episodes go on alone after the others end
        for (int s = 0; s < steps + id; s++) got[id] += m.get(id).act(in("x".repeat(id + 1))).action()[0];
        m.get(id).episodeEnded();
        done.countDown();
      });
    }
    assertThat(done.await(30, TimeUnit.SECONDS)).as("no member stalls").isTrue();
    assertThat(got).containsExactly(5.0, 12.0, 21.0);
    // a member joins the lockstep at its first query (a thread that starts late may find its first
    // batches already gone); from then on it is waited for until its episode ends
    assertThat(rec.sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(18);
    assertThat(rec.sizes).allSatisfy(n -> assertThat(n).isBetween(1, 3)).contains(3);
    for (LockstepBatches.Member x : m) x.close();
    assertThat(rec.closed).as("the last member to leave closes the policy").isTrue();
  }

  @Test
  void aFailedBatchReachesEveryMemberAndGroupsHoldAtMostB() throws Exception {
    Recording rec = new Recording();
    List<Recording> loaded = new ArrayList<>();
    LockstepBatches b = new LockstepBatches(2, () -> {
      Recording r = loaded.isEmpty() ? rec : new Recording();
      loaded.add(r);
      return r;
    });
    LockstepBatches.Member a = b.join(), c = b.join(), third = b.join();
    assertThat(loaded).as("a third member opens a second group with its own policy").hasSize(2);
    rec.fail = true;
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    List<Thread> ts = new ArrayList<>();
    for (LockstepBatches.Member x : List.of(a, c)) {
      ts.add(Thread.ofPlatform().start(() -> {
        try {
          x.act(in("q"));
        } catch (RuntimeException e) {
          errors.add(e);
        } finally {
          x.episodeEnded(); // as SimEpisodeRunner does when an episode throws
        }
      }));
    }
    for (Thread t : ts) t.join(10_000);
    assertThat(errors).hasSize(2).allSatisfy(e -> assertThat(e).hasMessage("model failed"));
    assertThat(rec.sizes.stream().mapToInt(Integer::intValue).sum()).as("each query was in a failed batch").isEqualTo(2);
    assertThat(third.act(in("zz")).action()).containsExactly(2.0);
  }
}
