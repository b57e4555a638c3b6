package org.vla4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool's bounds and reuse, and a connection's lease that is never returned while in use. */
@Timeout(30)
class PolicyPoolTest {
  @Test
  void boundedReusedAndBusyWhenFull() {
    AtomicInteger opened = new AtomicInteger();
    PolicySource src = PolicySource.of("fake", java.util.List.of("a", "b"), 0, k -> {
      opened.incrementAndGet();
      return new FakePolicy(k);
    });
    try (PolicyPool pool = new PolicyPool(src, 2)) {
      PolicyPool.Lease x = pool.borrow("a", Duration.ZERO);
      PolicyPool.Lease y = pool.borrow("a", Duration.ZERO);
      assertThatThrownBy(() -> pool.borrow("a", Duration.ofMillis(50))).isInstanceOf(PolicyPool.BusyException.class)
          .hasMessageContaining("all 2 policy instances are busy").hasMessageContaining("--pool-size");
      x.close();
      x.close(); // idempotent
      PolicyPool.Lease z = pool.borrow("a", Duration.ZERO);
      assertThat(z.policy()).as("reused").isSameAs(x.policy());
      z.close();
      // another key evicts an idle instance instead of growing past the bound
      PolicyPool.Lease b = pool.borrow("b", Duration.ZERO);
      assertThat(((FakePolicy) b.policy()).key).isEqualTo("b");
      assertThat(pool.liveInstances()).isEqualTo(2);
      b.close();
      y.close();
      assertThat(opened.get()).isEqualTo(3);
    }
  }

  @Test
  void aConnectionLeaseReleasedDuringACallIsReturnedWhenTheCallEnds() {
    try (PolicyPool pool = new PolicyPool(FakePolicy.source(), 1)) {
      ConnectionLease c = new ConnectionLease();
      c.set(pool.borrow("k_default", Duration.ZERO));
      c.use(l -> {
        c.release(); // e.g. the socket broke on another thread
        assertThatThrownBy(() -> pool.borrow("k_default", Duration.ofMillis(50))).as("still in use: not back in the pool")
            .isInstanceOf(PolicyPool.BusyException.class);
        return null;
      });
      pool.borrow("k_default", Duration.ZERO).close(); // back after the call
      String ran = c.use(l -> "ran");
      assertThat(ran).as("no calls after release").isNull();
    }
  }
}
