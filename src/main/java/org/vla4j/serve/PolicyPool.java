package org.vla4j.serve;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.vla4j.policy.Policy;

/**
 * A bounded pool of policy instances, at most {@code size} in use at once, kept per unnorm_key and
 * reused. {@link Policy} is not thread-safe, so each instance serves one request (OpenVLA REST) or
 * one websocket connection (openpi, vla-eval: the protocols are stateful per connection, and
 * holding one instance for a connection keeps a client's steps on one policy) at a time; instances
 * are created lazily and kept for the next lease, so a reconnecting client does not reload the
 * model. At most {@code size} instances exist: an idle instance of another key is closed to make
 * room.
 */
public final class PolicyPool implements AutoCloseable {
  /** A borrowed instance; {@link #close()} gives it back. */
  public final class Lease implements AutoCloseable {
    private final String key;
    private final Policy policy;
    private boolean returned;

    private Lease(String key, Policy policy) {
      this.key = key;
      this.policy = policy;
    }

    /** The instance, for this lease's holder only. */
    public Policy policy() {
      return policy;
    }

    /** The unnorm_key it was opened with. */
    public String key() {
      return key;
    }

    @Override
    public void close() {
      synchronized (PolicyPool.this) {
        if (returned) return;
        returned = true;
        if (closed) {
          policy.close();
          live--;
        } else {
          idle.computeIfAbsent(key, k -> new ArrayDeque<>()).push(policy);
        }
      }
      permits.release();
    }
  }

  /** No instance became free within the wait. */
  public static final class BusyException extends RuntimeException {
    BusyException(String message) {
      super(message);
    }
  }

  private final PolicySource source;
  private final int size;
  private final Semaphore permits;
  private final Map<String, ArrayDeque<Policy>> idle = new HashMap<>();
  private int live;
  private boolean closed;

  /**
   * @param size the most instances in use at once, ≥ 1
   * @throws IllegalArgumentException if size < 1
   */
  public PolicyPool(PolicySource source, int size) {
    if (size < 1) throw new IllegalArgumentException("pool size must be ≥ 1, got " + size);
    this.source = source;
    this.size = size;
    this.permits = new Semaphore(size, true);
  }

  /** The source the instances come from. */
  public PolicySource source() {
    return source;
  }

  /** The most instances in use at once. */
  public int size() {
    return size;
  }

  /**
   * Borrows an instance for a resolved unnorm_key, waiting up to {@code wait} for one to be free.
   *
   * @throws BusyException if all {@code size} instances stay in use for {@code wait}
   * @throws IllegalStateException after {@link #close()}
   */
  public Lease borrow(String key, Duration wait) {
    try {
      if (!permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new BusyException("all " + size + " policy instances are busy (waited " + wait.toMillis() + " ms); retry later"
            + " or start the server with a larger --pool-size");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BusyException("interrupted while waiting for a policy instance");
    }
    Policy p;
    synchronized (this) {
      if (closed) {
        permits.release();
        throw new IllegalStateException("the server is shutting down");
      }
      ArrayDeque<Policy> q = idle.get(key);
      p = q == null ? null : q.poll();
      if (p == null) {
        if (live >= size) evictOtherKey(key);
        live++;
      }
    }
    if (p == null) {
      try {
        p = source.open(key);
      } catch (RuntimeException e) {
        synchronized (this) {
          live--;
        }
        permits.release();
        throw e;
      }
    }
    return new Lease(key, p);
  }

  private void evictOtherKey(String key) {
    for (var e : idle.entrySet()) {
      if (!e.getKey().equals(key) && !e.getValue().isEmpty()) {
        e.getValue().poll().close();
        live--;
        return;
      }
    }
  }

  /** Instances created and not closed (in use or idle). */
  public synchronized int liveInstances() {
    return live;
  }

  /** Closes idle instances now and leased ones when they come back. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      for (ArrayDeque<Policy> q : idle.values()) {
        for (Policy p : q) {
          p.close();
          live--;
        }
        q.clear();
      }
    }
  }
}
