package org.vla4j.diagnose.preflight;

import java.nio.file.Path;
import org.vla4j.policy.Policy;
import org.vla4j.policy.vla.ContinuousChunkPolicy;
import org.vla4j.policy.vla.OnnxVlaPolicy;

/**
 * What preflight can see of a policy: an in-process token model exposes its logits, processor steps
 * and statistics file (every check applies); an in-process chunked model with a continuous head
 * (OFT-style regression or flow matching) exposes its normalized actions and statistics file but no token
 * logits to compare inputs by (the unnorm_key check with every key's comparison, and the gripper check apply); any other policy (a
 * remote client: its server owns the image steps, prompt and unnorm_key) only returns actions (the
 * action-range and gripper checks apply).
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
   * A model folder's chunked policy with a continuous head: OpenVLA-OFT's L1 regression or π0's flow
   * matching (whose noise the caller seeds with {@code startEpisode} for a reproducible check).
   *
   * @param policy loaded with the pipeline (and any injected fault) to check
   */
  record ContinuousModel(ContinuousChunkPolicy policy) implements PreflightPolicy {}

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
