package org.vla4j.serve;

import java.util.List;
import org.vla4j.policy.Policy;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.PolicyOutput;

/**
 * A deterministic stand-in policy: the action is a function of the image bytes (top-left pixel of
 * the agentview, so a rotation on the way is visible), the instruction length and the unnorm_key.
 */
final class FakePolicy implements Policy {
  final String key;

  FakePolicy(String key) {
    this.key = key;
  }

  static double[] expected(PolicyInput in, String key) {
    double sum = 0;
    for (byte b : in.agentview().data()) sum += b & 0xFF;
    return new double[] {in.agentview().get(0, 0, 0) / 255.0, sum / 1e6, in.instruction().length(), key.length(),
        in.wrist() == null ? -1 : in.wrist().get(0, 0, 1), in.state() == null ? 0 : in.state()[7], 1.0};
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public List<String> pipeline() {
    return List.of("fake:" + key);
  }

  @Override
  public PolicyOutput act(PolicyInput in) {
    if (in.instruction().equals("explode")) throw new IllegalStateException("boom");
    return new PolicyOutput(expected(in, key), new int[0], 0);
  }

  @Override
  public void close() {}

  static PolicySource source() {
    return PolicySource.of("fake", List.of("k_default", "k_other"), 0, FakePolicy::new);
  }
}
