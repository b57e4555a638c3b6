package org.vla4j.serve;

import java.util.function.Function;
import org.vla4j.policy.Policy;

/**
 * The policy instance a websocket connection holds, returned to the pool exactly once and never
 * while a call on it is still running: Jetty may report a broken connection on another thread while
 * the connection's thread is inside {@link Policy#act}, and returning the instance then would let a
 * second connection use it concurrently.
 */
final class ConnectionLease {
  private PolicyPool.Lease lease;
  private boolean inUse;
  private boolean released;

  synchronized void set(PolicyPool.Lease lease) {
    if (released) {
      lease.close();
    } else {
      this.lease = lease;
    }
  }

  synchronized boolean held() {
    return lease != null && !released;
  }

  synchronized PolicyPool.Lease peek() {
    return lease;
  }

  /** Runs {@code call} on the held instance; null when none is held (closed or never leased). */
  <T> T use(Function<PolicyPool.Lease, T> call) {
    PolicyPool.Lease l;
    synchronized (this) {
      if (lease == null || released) return null;
      inUse = true;
      l = lease;
    }
    try {
      return call.apply(l);
    } finally {
      synchronized (this) {
        inUse = false;
        if (released) giveBack();
      }
    }
  }

  /** Gives the instance back now, or when the running call ends. Idempotent. */
  synchronized void release() {
    released = true;
    if (!inUse) giveBack();
  }

  private void giveBack() {
    if (lease != null) {
      lease.close();
      lease = null;
    }
  }
}
