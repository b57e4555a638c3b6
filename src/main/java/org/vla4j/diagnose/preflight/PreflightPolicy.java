package org.vla4j.diagnose.preflight;

import java.nio.file.Path;
import org.vla4j.policy.Policy;
import org.vla4j.policy.vla.OnnxVlaPolicy;

/**
 * What preflight can see of a policy: an in-process ONNX model exposes its logits, processor steps
 * and statistics file (every check applies); any other policy (a remote client: its server owns the
 * image steps, prompt and unnorm_key; a model with a continuous action head: it has no token logits
 * to compare inputs by) only returns actions (the action-range and gripper checks apply).
 */
public sealed interface PreflightPolicy {
  /** The policy that acts. */
  Policy policy();

  /**
   * A model folder's policy.
   *
   * @param policy loaded with the pipeline (and any injected fault) to check
   * @param modelDir its folder, for {@code golden.json}
   */
  record Model(OnnxVlaPolicy policy, Path modelDir) implements PreflightPolicy {}

  /**
   * A policy seen through its actions only.
   *
   * @param why why the logit checks do not apply, for their SKIP lines
   */
  record ActionsOnly(Policy policy, String why) implements PreflightPolicy {
    /** A remote client: its server owns the steps. */
    public ActionsOnly(Policy policy) {
      this(policy, "a remote client: its server owns the step");
    }
  }
}
