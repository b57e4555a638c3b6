package org.vla4j.rollout;

import java.util.List;
import org.vla4j.sim.SimInfo;
import org.vla4j.policy.ChunkPolicy;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.Policy;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;
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
 * <p>Chunks: for a {@link ChunkPolicy} (the openpi and vla-eval clients, in-process chunked models)
 * it calls {@link ChunkPolicy#actChunk} whenever its {@link ChunkExecutor} asks for a new chunk and
 * executes what the executor makes of the chunks (default: the chunk's first {@code min(replanSteps(),
 * H)} actions open loop, as openpi's LIBERO client with {@code replan_steps}); the executor's state is
 * dropped at every {@link #reset}, so each episode starts with a fresh call and is a pure function of
 * its observations. {@link #lastQuery()} says which query produced each action when the chunk had
 * more than one action (H = 1 chunks log exactly as a one-action policy).
 *
 * <p>For a {@link RemotePolicy} it times every call that returned (wall clock, nanoseconds, the
 * client's preprocessing, encoding and network round trip included) for {@link #policyCalls()}.
 */
public final class PolicyAgent implements Agent {
  private final Policy policy;
  private final ChunkPolicy chunks;
  private final ChunkExecutor executor;
  private final boolean timed;
  private PolicyOutput last;
  private ChunkExecutor.Session session;
  private StepRecord.Query query;
  private long[] callNanos = new long[64];
  private int calls;

  /** With the default executor ({@link ChunkExecutor#DEFAULT}). */
  public PolicyAgent(Policy policy) {
    this(policy, ChunkExecutor.DEFAULT);
  }

  /**
   * @param executor how chunks become actions
   * @throws IllegalArgumentException if {@code executor} is not the default and the policy answers one
   *     action per call (not a {@link ChunkPolicy}): there is nothing to execute open loop or to blend
   */
  public PolicyAgent(Policy policy, ChunkExecutor executor) {
    this.policy = policy;
    this.chunks = policy instanceof ChunkPolicy c ? c : null;
    this.executor = java.util.Objects.requireNonNull(executor, "executor");
    this.timed = policy instanceof RemotePolicy;
    if (chunks == null && !executor.isDefault()) {
      throw new IllegalArgumentException("--executor " + executor.spec() + " needs a policy that answers action chunks; '"
          + policy.name() + "' answers one action per call (use the default, --executor open-loop)");
    }
  }

  /** Whether the policy answers action chunks (a {@link ChunkPolicy}). */
  public static boolean answersChunks(Policy policy) {
    return policy instanceof ChunkPolicy;
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
    last = null; // greedy decoding: the policy draws nothing at random; a sampling chunk policy seeds from the episode
    if (chunks != null) chunks.startEpisode(seed);
    session = chunks == null ? null : executor.start(chunks.replanSteps());
    query = null;
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
      if (session == null) session = executor.start(chunks.replanSteps());
      ChunkExecutor.Executed e = session.next(() -> {
        long t0 = System.nanoTime();
        double[][] c = chunks.actChunk(in).actions();
        timed(t0);
        return c;
      });
      query = e.horizon() > 1 ? new StepRecord.Query(e.query(), e.blend()) : null;
      return e.action();
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
  public StepRecord.Query lastQuery() {
    return query;
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
