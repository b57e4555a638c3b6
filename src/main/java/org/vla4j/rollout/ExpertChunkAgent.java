package org.vla4j.rollout;

import org.vla4j.sim.robot.ControllerConfig;
import org.vla4j.sim.env.Env;
import org.vla4j.sim.env.LiberoTaskEnv;
import org.vla4j.sim.env.Observation;
import org.vla4j.sim.env.TabletopEnv;
import org.vla4j.sim.expert.LiberoExpert;
import org.vla4j.sim.expert.ScriptedExpert;

/**
 * The scripted expert as a chunked policy (policy name {@value #NAME}): each query answers a chunk of
 * H actions, the expert's action for the current state held for H steps (a zero-order-hold
 * prediction: what the expert would do if the scene stood still). The chunks go through a {@link
 * ChunkExecutor} like a learned chunked policy's, so the executors, their logs ({@code query},
 * {@code blend}), the runtime monitor and replay can be exercised and measured on real episodes
 * without a trained chunked model. The expert is queried (its state machine advanced) only when the
 * executor asks for a chunk: with {@code open-loop:8} once per 8 steps, with {@code ensemble:M} every
 * step. Privileged: it reads the true scene state through the env.
 */
public final class ExpertChunkAgent implements Agent {
  /** The policy name and step tag. */
  public static final String NAME = "expert-chunk";

  /** The chunk length of policy {@value #NAME}: 8, OpenVLA-OFT's LIBERO chunk (arXiv:2502.19645). */
  public static final int HORIZON = 8;

  private final ScriptedExpert expert = new ScriptedExpert(ScriptedExpert.Noise.NONE);
  private final LiberoExpert liberoExpert = new LiberoExpert(ControllerConfig.DEFAULT);
  private final int horizon;
  private final ChunkExecutor executor;
  private ChunkExecutor.Session session;
  private StepRecord.Query query;

  /**
   * @param horizon H, actions per chunk, ≥ 1
   * @param executor how the chunks become actions ({@link ChunkExecutor#DEFAULT}: the whole chunk open loop)
   * @throws IllegalArgumentException if horizon &lt; 1
   */
  public ExpertChunkAgent(int horizon, ChunkExecutor executor) {
    if (horizon < 1) throw new IllegalArgumentException("chunk horizon must be >= 1, got " + horizon);
    this.horizon = horizon;
    this.executor = java.util.Objects.requireNonNull(executor, "executor");
  }

  @Override
  public String tag() {
    return NAME;
  }

  @Override
  public void reset(long seed) {
    expert.reset(seed);
    liberoExpert.reset();
    session = executor.start(Integer.MAX_VALUE);
    query = null;
  }

  @Override
  public double[] act(Env env, Observation observation) {
    ChunkExecutor.Executed e = session.next(() -> {
      double[] a = switch (env) {
        case TabletopEnv t -> expert.act(t.scene(), t.data());
        case LiberoTaskEnv l -> liberoExpert.act(l.world());
      };
      double[][] c = new double[horizon][];
      for (int i = 0; i < horizon; i++) c[i] = a.clone();
      return c;
    });
    query = e.horizon() > 1 ? new StepRecord.Query(e.query(), e.blend()) : null;
    return e.action();
  }

  @Override
  public StepRecord.Query lastQuery() {
    return query;
  }
}
