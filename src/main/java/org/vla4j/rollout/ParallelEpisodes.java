package org.vla4j.rollout;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;
/**
 * Runs episodes on a fixed pool of platform threads and hands their results over in canonical order.
 *
 * <p>Each worker creates its own {@link EpisodeRunner} (so its own MuJoCo data and GL context) on its
 * own thread, takes the next episode of the list, runs it, and closes the runner when no episode is
 * left. Finished episodes go through a reorder buffer: the consumer is called on the calling thread,
 * for episode i only after episodes 0..i−1, so what it writes does not depend on the number of
 * workers or on which episode finishes first. A worker starts an episode only while fewer than
 * 2 × workers results are waiting or running, so memory stays bounded when one episode is slow (a
 * recorded demonstration holds all its frames until it is written). Evaluation and data collection
 * both run on this pool.
 *
 * <p>An exception ({@link RuntimeException}) thrown by a runner for one episode becomes that
 * episode's result, failed with failure_reason {@code "error: <Type>: <message>"}; the worker then
 * replaces its runner (whose state is unknown) and goes on. An {@link Error}, a failure to create a
 * runner, or a consumer failure aborts the run: no further episode is handed to the consumer and the
 * cause is rethrown once the workers have stopped.
 */
public final class ParallelEpisodes {
  private static final int MAX_REASON_CHARS = 200;

  private ParallelEpisodes() {}

  private sealed interface Event permits Done, Fatal {}

  private record Done(int position, EpisodeResult result) implements Event {}

  private record Fatal(Throwable cause) implements Event {}

  /**
   * Runs {@code episodes} and calls {@code inOrder} with each result, in list order.
   *
   * @param workers number of worker threads, ≥ 1 (more than episodes is allowed; extra ones stay idle)
   * @param instruction the instruction of a task id, for results of episodes whose runner threw
   * @throws IllegalArgumentException if workers &lt; 1
   */
  public static void run(List<EpisodeSpec> episodes, int workers, EpisodeRunner.Factory factory,
      IntFunction<String> instruction, Consumer<EpisodeResult> inOrder) {
    runWhile(episodes, workers, factory, instruction, r -> {
      inOrder.accept(r);
      return true;
    });
  }

  /**
   * Like {@link #run}, but stops handing results over as soon as {@code inOrder} returns false: no
   * later result reaches it, whatever has finished already (a sequential evaluation's stopping
   * rule). Episodes then in progress run to their end and are discarded; none is started after.
   * Which results the consumer sees therefore depends only on the results, never on the worker count.
   *
   * @return the number of results handed over
   */
  public static int runWhile(List<EpisodeSpec> episodes, int workers, EpisodeRunner.Factory factory,
      IntFunction<String> instruction, java.util.function.Predicate<EpisodeResult> inOrder) {
    if (workers < 1) throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
    if (episodes.isEmpty()) return 0;
    int threads = Math.min(workers, episodes.size());
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean abort = new AtomicBoolean();
    AtomicInteger threadNumber = new AtomicInteger();
    Semaphore ahead = new Semaphore(2 * threads);
    ThreadFactory tf = r -> {
      Thread t = new Thread(r, "vla4j-eval-worker-" + threadNumber.getAndIncrement());
      t.setDaemon(true);
      return t;
    };
    ExecutorService pool = Executors.newFixedThreadPool(threads, tf);
    try {
      for (int w = 0; w < threads; w++) {
        pool.execute(() -> work(episodes, factory, instruction, next, abort, ahead, events));
      }
      Map<Integer, EpisodeResult> pending = new TreeMap<>();
      int written = 0;
      while (written < episodes.size()) {
        Event e = events.take();
        switch (e) {
          case Fatal f -> throw rethrowable(f.cause());
          case Done d -> pending.put(d.position(), d.result());
        }
        for (EpisodeResult r; (r = pending.remove(written)) != null; ) {
          written++;
          if (!inOrder.test(r)) return written;
          ahead.release();
        }
      }
      return written;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running episodes", e);
    } finally {
      abort.set(true);
      pool.shutdownNow();
      try {
        pool.awaitTermination(10, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void work(List<EpisodeSpec> episodes, EpisodeRunner.Factory factory, IntFunction<String> instruction,
      AtomicInteger next, AtomicBoolean abort, Semaphore ahead, BlockingQueue<Event> events) {
    EpisodeRunner runner = null;
    try {
      while (!abort.get()) {
        ahead.acquire();
        int i = next.getAndIncrement();
        if (i >= episodes.size()) {
          ahead.release();
          break;
        }
        EpisodeSpec spec = episodes.get(i);
        if (runner == null) runner = factory.create();
        long t0 = System.nanoTime();
        EpisodeResult result;
        try {
          result = runner.run(spec);
          if (result == null) throw new IllegalStateException("the runner returned no result");
        } catch (RuntimeException ex) {
          double wall = (System.nanoTime() - t0) / 1e9;
          result = new EpisodeResult(spec, instruction.apply(spec.taskId()), false, 0, -1, "error: " + describe(ex), wall,
              List.of());
          EpisodeRunner broken = runner;
          runner = null;
          closeQuietly(broken);
        }
        events.add(new Done(i, result));
      }
    } catch (Throwable t) {
      abort.set(true);
      events.add(new Fatal(t));
    } finally {
      if (runner != null) closeQuietly(runner);
    }
  }

  private static void closeQuietly(EpisodeRunner r) {
    try {
      r.close();
    } catch (RuntimeException ignored) {
      // a runner that cannot close cleanly must not hide the episode's own result
    }
  }

  /** {@code Type: message} on one line, at most 200 characters; no stack trace, no addresses. */
  static String describe(Throwable t) {
    String msg = t.getMessage() == null ? "" : ": " + t.getMessage();
    String s = (t.getClass().getSimpleName() + msg).replaceAll("\\s+", " ").strip();
    return s.length() > MAX_REASON_CHARS ? s.substring(0, MAX_REASON_CHARS - 3) + "..." : s;
  }

  private static RuntimeException rethrowable(Throwable t) {
    if (t instanceof RuntimeException r) return r;
    if (t instanceof Error e) throw e;
    return new IllegalStateException(t);
  }
}
