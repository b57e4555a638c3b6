package org.vla4j.rollout;

import java.util.List;
import org.vla4j.sim.SimInfo;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.Policy;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.policy.remote.ActionChunk;
import org.vla4j.policy.remote.ChunkPolicy;
import org.vla4j.policy.remote.RemotePolicy;
import org.vla4j.policy.steps.image.RgbImage;
import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.env.Observation;
import org.vla4j.sim.robot.PandaController;
import org.vla4j.sim.suite.PandaScene;
import org.vla4j.sim.env.Env;

/**
 * A learned {@link Policy} in the loop: it sees only the observation (images in the env's
 * bottom-up layout, proprioception) and the instruction, never the simulator's state. This is
 * where the simulator's types and the policy's meet.
 *
 * <p>Chunk executor: for a {@link ChunkPolicy} (the openpi and vla-eval clients) it calls {@link
 * ChunkPolicy#actChunk} and executes the chunk's first {@code min(replanSteps(), H)} actions open
 * loop, one per step, before the next call (openpi's LIBERO example with {@code replan_steps}); a
 * partly executed chunk is dropped at every {@link #reset}, so each episode starts with a fresh
 * call and is a pure function of its observations. With {@code replanSteps() == 1} that is one call
 * per step, as for any other policy.
 *
 * <p>For a {@link RemotePolicy} it times every call that returned (wall clock, nanoseconds, the
 * client's preprocessing, encoding and network round trip included) for {@link #policyCalls()}.
 */
public final class PolicyAgent implements Agent {
  private final Policy policy;
  private final ChunkPolicy chunks;
  private final boolean timed;
  private PolicyOutput last;
  private ActionChunk chunk;
  private int executed;
  private long[] callNanos = new long[64];
  private int calls;

  public PolicyAgent(Policy policy) {
    this.policy = policy;
    this.chunks = policy instanceof ChunkPolicy c ? c : null;
    this.timed = policy instanceof RemotePolicy;
  }

  /** What an env with this rendering config provides, for a model's load-time check. */
  public static EnvSpec envSpec(EnvConfig config) {
    List<String> cams = new java.util.ArrayList<>();
    if (config.renderAgentview()) cams.add(PandaScene.AGENTVIEW);
    if (config.renderEyeInHand()) cams.add(PandaScene.EYE_IN_HAND);
    return new EnvSpec(config.imageSize(), cams, "OSC_POSE", PandaController.CONTROL_HZ, SimInfo.mujocoVersion());
  }

  @Override
  public String tag() {
    return policy.name();
  }

  @Override
  public void reset(long seed) {
    last = null; // greedy decoding: the policy draws nothing at random
    chunk = null;
    calls = 0;
  }

  @Override
  public double[] act(Env env, Observation o) {
    int n = o.imageSize();
    RgbImage agent = new RgbImage(n, n, o.agentviewImage());
    RgbImage wrist = o.eyeInHandImage() == null ? null : new RgbImage(n, n, o.eyeInHandImage());
    return next(new PolicyInput(agent, wrist, o.state8(), env.instruction()));
  }

  /**
   * The action for {@code in}: the policy's answer, or the next action of the current chunk.
   *
   * @return 7-D action in env units (a copy for a chunk's action)
   */
  double[] next(PolicyInput in) {
    if (chunks != null) {
      last = null;
      if (chunk == null || executed >= Math.min(chunks.replanSteps(), chunk.horizon())) {
        long t0 = System.nanoTime();
        chunk = chunks.actChunk(in);
        timed(t0);
        executed = 0;
      }
      return chunk.get(executed++).clone();
    }
    long t0 = System.nanoTime();
    last = policy.act(in);
    timed(t0);
    return last.action();
  }

  private void timed(long t0) {
    if (!timed) return;
    if (calls == callNanos.length) callNanos = java.util.Arrays.copyOf(callNanos, 2 * calls);
    callNanos[calls++] = System.nanoTime() - t0;
  }

  @Override
  public void episodeEnded() {
    if (policy instanceof LockstepBatches.Member m) m.episodeEnded();
  }

  @Override
  public PolicyCalls policyCalls() {
    return timed ? PolicyCalls.of(callNanos, calls) : null;
  }

  @Override
  public StepDiagnostics diagnostics() {
    return last == null || last.actionTokens().length == 0 ? StepDiagnostics.EMPTY : new StepDiagnostics(last.tokensOutOfRange());
  }

  /** The policy's processing steps, for logs. */
  public List<String> pipeline() {
    return policy.pipeline();
  }

  @Override
  public void close() {
    policy.close();
  }
}
