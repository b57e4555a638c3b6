package org.vla4j.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.vla4j.policy.BatchPolicy;
import org.vla4j.policy.Policy;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;

/**
 * Batched inference across episodes ({@code eval --batch B}): groups of up to B episode threads
 * share one {@link BatchPolicy}, and their policy queries of one step go to the model as one batch.
 *
 * <p>Each episode thread runs the ordinary {@link SimEpisodeRunner} with its own env; its policy is
 * a {@link Member} of a group. A member that asks for an action waits until every member of its
 * group that is inside an episode has asked too (lockstep); the last one to ask runs the batch and
 * hands each member its row. A member is inside an episode from its first query until {@link
 * Agent#episodeEnded()}: an episode that ends leaves the batch at once (the others no longer wait
 * for it), and its thread refills the slot with the next episode of the plan, joining the batch at
 * that episode's first query (its reset and settling steps stall nobody's inference for longer than
 * they take). Each episode's steps are those of an unbatched run as long as the model answers row i
 * of a batch as it answers input i alone (see {@link BatchPolicy}).
 *
 * <p>If the batched call throws, every member of that batch gets the exception (each of those
 * episodes ends as the runner's error). Members join the first group with a free slot; a group loads
 * its policy when its first member joins and closes it when its last member leaves.
 */
public final class LockstepBatches {
  private final int batch;
  private final Supplier<? extends BatchPolicy> loader;
  private final List<Group> groups = new ArrayList<>();

  /**
   * @param batch most members per group (B ≥ 1)
   * @param loader loads one policy per group (called on the thread of the group's first member)
   * @throws IllegalArgumentException if batch &lt; 1
   */
  public LockstepBatches(int batch, Supplier<? extends BatchPolicy> loader) {
    if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
    this.batch = batch;
    this.loader = loader;
  }

  /** A policy for one episode thread, in the first group with a free slot (a new group if none). */
  public synchronized Member join() {
    for (Group g : groups) {
      if (g.members < batch) return g.add();
    }
    Group g = new Group();
    groups.add(g);
    return g.add();
  }

  /** One group's lockstep state: guarded by the group's monitor. */
  private final class Group {
    private BatchPolicy policy;
    private int members, active;
    private boolean running;
    private final List<Request> waiting = new ArrayList<>();

    private Member add() { // under LockstepBatches' monitor
      synchronized (this) {
        if (policy == null) policy = loader.get();
        members++;
        return new Member(this, policy);
      }
    }

    PolicyOutput act(Member m, PolicyInput in) {
      Request r = new Request(in);
      List<Request> mine = null;
      synchronized (this) {
        if (!m.active) {
          m.active = true;
          active++;
        }
        waiting.add(r);
        while (!r.answered()) {
          if (!running && waiting.size() == active) {
            mine = new ArrayList<>(waiting);
            waiting.clear();
            running = true;
            break;
          }
          waitUninterruptibly();
        }
      }
      if (mine != null) run(mine);
      if (r.error != null) throw r.error;
      return r.out;
    }

    private void run(List<Request> batch) {
      List<PolicyOutput> outs = null;
      RuntimeException error = null;
      try {
        outs = policy.actBatch(batch.stream().map(q -> q.in).toList());
        if (outs.size() != batch.size()) {
          throw new IllegalStateException("the policy answered " + outs.size() + " of " + batch.size() + " batched queries");
        }
      } catch (RuntimeException e) {
        error = e;
      }
      synchronized (this) {
        for (int i = 0; i < batch.size(); i++) {
          if (error != null) batch.get(i).error = error;
          else batch.get(i).out = outs.get(i);
        }
        running = false;
        notifyAll();
      }
    }

    synchronized void idle(Member m) {
      if (!m.active) return;
      m.active = false;
      active--;
      notifyAll(); // the members still waiting may now be all that is left
    }

    void leave(Member m) {
      idle(m);
      BatchPolicy closing = null;
      synchronized (LockstepBatches.this) {
        synchronized (this) {
          if (--members == 0) {
            closing = policy;
            policy = null;
          }
        }
      }
      if (closing != null) closing.close();
    }

    private void waitUninterruptibly() {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a batched policy call", e);
      }
    }
  }

  private static final class Request {
    final PolicyInput in;
    PolicyOutput out;
    RuntimeException error;

    Request(PolicyInput in) {
      this.in = in;
    }

    boolean answered() {
      return out != null || error != null;
    }
  }

  /**
   * One episode thread's view of its group's policy: {@link #act} joins the group's next batch.
   * Not thread-safe: one per episode thread, as any policy.
   */
  public static final class Member implements Policy {
    private final Group group;
    private final BatchPolicy policy;
    private boolean active; // guarded by group
    private boolean closed;

    private Member(Group group, BatchPolicy policy) {
      this.group = group;
      this.policy = policy;
    }

    @Override
    public String name() {
      return policy.name();
    }

    @Override
    public List<String> pipeline() {
      return policy.pipeline();
    }

    /** The action for {@code in}, computed in one batch with the group's other members' queries of this step. */
    @Override
    public PolicyOutput act(PolicyInput in) {
      if (closed) throw new IllegalStateException("batch member is closed");
      return group.act(this, in);
    }

    /** The episode ended: the group stops waiting for this member until its next query. */
    public void episodeEnded() {
      group.idle(this);
    }

    @Override
    public void close() {
      if (closed) return;
      closed = true;
      group.leave(this);
    }
  }
}
