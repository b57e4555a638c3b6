package org.vla4j.eval.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.vla4j.rollout.EpisodeResult;
import org.vla4j.rollout.EpisodeRunner;
import org.vla4j.rollout.EpisodeSpec;
import org.vla4j.rollout.StepRecord;
import org.vla4j.sim.suite.Suite;

/**
 * A deterministic stand-in for the simulator's runners (a unit-test double of the rollout box):
 * an episode's steps, success and gripper timing derive only from its seed, task and init state.
 * It can be told to throw for some episodes, to report an unstable simulation, to "crash" the whole
 * process (an {@link Error}) at an episode, and to sleep a random 0–4 ms per episode (from an
 * unseeded generator) so that workers finish in shuffled order.
 *
 * @param throwOn episode indices whose run throws an IllegalStateException
 * @param unstable episode indices that end with NaN state and failure_reason sim_unstable
 * @param crashAt episode index whose run throws {@link Crash} (aborts the run), or −1
 * @param randomSleep sleep a random 0–4 ms in each episode
 */
public record FakeRunners(Set<Integer> throwOn, Set<Integer> unstable, int crashAt, boolean randomSleep,
    AtomicInteger created, AtomicInteger closed) implements RunnerProvider {

  /** Stands for the process being killed: an Error, so the evaluation does not record it as an episode failure. */
  public static final class Crash extends Error {
    public Crash(int episode) {
      super("simulated crash at episode " + episode);
    }
  }

  public static FakeRunners plain() {
    return new FakeRunners(Set.of(), Set.of(), -1, true, new AtomicInteger(), new AtomicInteger());
  }

  public FakeRunners throwing(Set<Integer> episodes) {
    return new FakeRunners(episodes, unstable, crashAt, randomSleep, created, closed);
  }

  public FakeRunners unstableAt(Set<Integer> episodes) {
    return new FakeRunners(throwOn, episodes, crashAt, randomSleep, created, closed);
  }

  public FakeRunners crashingAt(int episode) {
    return new FakeRunners(throwOn, unstable, episode, randomSleep, created, closed);
  }

  @Override
  public EpisodeRunner.Factory factory(Suite suite, String policy) {
    requireKnown(policy);
    return () -> {
      created.incrementAndGet();
      return new Runner(suite);
    };
  }

  @Override
  public List<String> policies() {
    return List.of("expert");
  }

  private final class Runner implements EpisodeRunner {
    private final Suite suite;
    private final Thread owner = Thread.currentThread();

    Runner(Suite suite) {
      this.suite = suite;
    }

    @Override
    public EpisodeResult run(EpisodeSpec spec) {
      if (Thread.currentThread() != owner) throw new AssertionError("runner used on a thread other than its creator's");
      long t0 = System.nanoTime();
      if (randomSleep) {
        try {
          Thread.sleep(ThreadLocalRandom.current().nextInt(5));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted");
        }
      }
      if (spec.index() == crashAt) throw new Crash(spec.index());
      if (throwOn.contains(spec.index())) {
        throw new IllegalStateException("fake failure in episode " + spec.index());
      }
      SplittableRandom rng = new SplittableRandom(spec.seed() ^ (31L * spec.taskId() + spec.initState()));
      int wait = 2;
      int policySteps = 3 + rng.nextInt(10);
      boolean success = rng.nextDouble() < 0.6;
      boolean nan = unstable.contains(spec.index());
      List<StepRecord> steps = new ArrayList<>();
      int firstClose = -1;
      double prevGrip = -1;
      for (int s = 0; s < wait + policySteps; s++) {
        boolean waitStep = s < wait;
        double[] a = new double[7];
        for (int i = 0; i < 6; i++) a[i] = waitStep ? 0 : rng.nextDouble(-1, 1);
        a[6] = waitStep ? -1 : (s - wait > policySteps / 2 ? 1 : -1);
        if (!waitStep && prevGrip <= 0 && a[6] > 0 && firstClose < 0) firstClose = s - wait;
        prevGrip = a[6];
        boolean last = s == wait + policySteps - 1;
        double img = 100 + 50 * rng.nextDouble();
        if (nan && last) {
          img = Double.NaN;
          a[0] = Double.NaN;
        }
        steps.add(new StepRecord(spec.index(), s, img, a, success && last && !nan ? 1.0 : 0.0, success && last && !nan,
            waitStep ? "wait" : "expert"));
      }
      boolean ok = success && !nan;
      String reason = nan ? "sim_unstable" : ok ? null : "timeout";
      return new EpisodeResult(spec, suite.task(spec.taskId()).instruction(), ok, policySteps, firstClose, reason,
          (System.nanoTime() - t0) / 1e9, steps);
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }
}
