package org.vla4j.rollout;

import java.util.List;
import org.vla4j.sim.SimInfo;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.Policy;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;
import org.vla4j.policy.steps.image.RgbImage;
import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.env.Observation;
import org.vla4j.sim.robot.PandaController;
import org.vla4j.sim.suite.PandaScene;
import org.vla4j.sim.env.TabletopEnv;

/**
 * A learned {@link Policy} in the loop: it sees only the observation (images in the env's
 * bottom-up layout, proprioception) and the instruction, never the simulator's state. This is
 * where the simulator's types and the policy's meet.
 */
public final class PolicyAgent implements Agent {
  private final Policy policy;
  private PolicyOutput last;

  public PolicyAgent(Policy policy) {
    this.policy = policy;
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
  }

  @Override
  public double[] act(TabletopEnv env, Observation o) {
    int n = o.imageSize();
    RgbImage agent = new RgbImage(n, n, o.agentviewImage());
    RgbImage wrist = o.eyeInHandImage() == null ? null : new RgbImage(n, n, o.eyeInHandImage());
    last = policy.act(new PolicyInput(agent, wrist, o.state8(), env.instruction()));
    return last.action();
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
