package org.vla4j.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.policy.ActionChunk;
import org.vla4j.policy.ChunkPolicy;
import org.vla4j.policy.remote.RemotePolicy;
import org.vla4j.policy.steps.image.RgbImage;

/** PolicyAgent as chunk executor: replan_steps actions per chunk open loop, a fresh call at every episode start, calls timed. */
class PolicyAgentChunkTest {
  /** Chunks of H actions; action t of call c is [c, t, 0, 0, 0, 0, 0]. */
  static final class Chunks implements ChunkPolicy, RemotePolicy {
    final int h;
    final int replan;
    final List<String> seen = new ArrayList<>();
    int calls;

    Chunks(int h, int replan) {
      this.h = h;
      this.replan = replan;
    }

    @Override
    public ActionChunk actChunk(PolicyInput in) {
      seen.add(in.instruction());
      double[][] a = new double[h][7];
      for (int t = 0; t < h; t++) {
        a[t][0] = calls;
        a[t][1] = t;
      }
      calls++;
      return new ActionChunk(a);
    }

    @Override
    public int replanSteps() {
      return replan;
    }

    @Override
    public PolicyOutput act(PolicyInput in) {
      return new PolicyOutput(actChunk(in).get(0), new int[0], 0);
    }

    @Override
    public String name() {
      return "chunks";
    }

    @Override
    public List<String> pipeline() {
      return List.of();
    }

    @Override
    public String protocol() {
      return "openpi-ws";
    }

    @Override
    public String address() {
      return "ws://test/";
    }

    @Override
    public void connect() {}

    @Override
    public Map<String, Object> describe() {
      return Map.of();
    }

    @Override
    public void close() {}
  }

  static PolicyInput in(int step) {
    return new PolicyInput(RgbImage.blank(4, 4), null, null, "step " + step);
  }

  @Test
  void executesReplanStepsActionsPerChunkAndStartsEveryEpisodeWithACall() {
    Chunks p = new Chunks(8, 5);
    PolicyAgent agent = new PolicyAgent(p);
    agent.reset(0);
    List<double[]> got = new ArrayList<>();
    for (int s = 0; s < 12; s++) got.add(agent.next(in(s)));
    // calls at steps 0, 5 and 10, each chunk's actions 0..4 in order
    assertThat(p.seen).containsExactly("step 0", "step 5", "step 10");
    for (int s = 0; s < 12; s++) assertThat(got.get(s)[0]).isEqualTo(s / 5);
    for (int s = 0; s < 12; s++) assertThat(got.get(s)[1]).isEqualTo(s % 5);
    assertThat(agent.policyCalls().calls()).isEqualTo(3);
    // a new episode drops the rest of chunk 2 and asks again at once
    agent.reset(1);
    assertThat(agent.next(in(0))[0]).isEqualTo(3);
    assertThat(agent.policyCalls().calls()).isEqualTo(1);
  }

  @Test
  void aChunkShorterThanReplanStepsIsReplannedWhenItRunsOut() {
    Chunks p = new Chunks(2, 5);
    PolicyAgent agent = new PolicyAgent(p);
    agent.reset(0);
    for (int s = 0; s < 6; s++) assertThat(agent.next(in(s))[1]).isEqualTo(s % 2);
    assertThat(p.calls).isEqualTo(3);
    PolicyCalls c = agent.policyCalls();
    assertThat(c.p50Ms()).isNotNaN().isLessThanOrEqualTo(c.maxMs());
  }

  @Test
  void latencySummaryIsTheNearestRankMedianAndTheMax() {
    PolicyCalls c = PolicyCalls.of(new long[] {4_000_000, 1_000_000, 3_000_000, 2_000_000, 0}, 4);
    assertThat(c.calls()).isEqualTo(4);
    assertThat(c.p50Ms()).isEqualTo(2.0);
    assertThat(c.maxMs()).isEqualTo(4.0);
    assertThat(PolicyCalls.of(new long[0], 0).p50Ms()).isNaN();
    assertThat(org.vla4j.runlog.LogLines.timing(3, 1.5, c.withError("server \"x\" gone")))
        .isEqualTo("{\"episode\":3,\"wall_s\":1.500,\"policy_calls\":4,\"policy_call_p50_ms\":2.000,\"policy_call_max_ms\":4.000,"
            + "\"policy_error\":\"server \\\"x\\\" gone\"}");
    assertThat(org.vla4j.runlog.LogLines.timing(3, 1.5, null)).isEqualTo("{\"episode\":3,\"wall_s\":1.500}");
  }
}
