package org.vla4j.eval.run;

import org.vla4j.policy.steps.Fault;
import java.util.List;
import org.vla4j.rollout.EpisodeRunner;
import org.vla4j.sim.suite.Suite;

/**
 * Where an evaluation gets its episode runners from: maps a policy name to a factory of runners
 * for a suite. The CLI's default provider wires the real simulator and policies; tests pass a
 * deterministic fake.
 */
public interface RunnerProvider {
  /**
   * A factory of runners that run {@code policy} on {@code suite}. Called once per evaluation on the
   * calling thread; the factory's {@code create()} is then called on each worker thread.
   *
   * @param policy one of {@link #policies()}
   * @throws IllegalArgumentException for an unknown policy (message lists {@link #policies()})
   */
  EpisodeRunner.Factory factory(Suite suite, String policy);

  /**
   * A factory of runners for {@code policy} on {@code suite} that apply {@code options}: the policy
   * applies {@code options.toggle()}, and each episode gets a monitor from {@code options.monitors()}.
   * The default supports only {@link RunOptions#NONE} and hands over to {@link #factory(Suite, String)}.
   *
   * @throws IllegalArgumentException for an unknown policy, or options the policy cannot honour (e.g.
   *     a toggle for a policy without the processing it breaks; the message says why and what is valid)
   */
  default EpisodeRunner.Factory factory(Suite suite, String policy, RunOptions options) {
    requireKnown(policy);
    if (options.toggle() != Fault.NONE) {
      throw new IllegalArgumentException("policy '" + policy + "' does not support --toggle " + options.toggle().wireName()
          + "; valid toggles for it: none");
    }
    if (options.unnormKey() != null) {
      throw new IllegalArgumentException("policy '" + policy + "' has no action statistics to choose from; --unnorm-key applies to learned policies");
    }
    if (options.batch() != 1) {
      throw new IllegalArgumentException("policy '" + policy + "' does not batch its queries; --batch " + options.batch()
          + " applies to a model folder policy (e.g. tiny-vla); use --batch 1");
    }
    if (options.monitors() != org.vla4j.rollout.EpisodeMonitor.Factory.NONE) {
      throw new IllegalArgumentException("policy '" + policy + "' runs without a monitor hook; use --monitor off");
    }
    return factory(suite, policy);
  }

  /**
   * The processor pipeline's step names that {@code policy} runs with {@code options} (the fault and
   * unnorm_key applied), for config.json and reports; empty for a policy without one (the scripted
   * expert reads the true scene state). The default knows none.
   */
  default List<String> pipeline(String policy, RunOptions options) {
    return List.of();
  }

  /**
   * What the runs of {@code policy} depend on besides the plan, for the run's {@link Fingerprint}:
   * e.g. {@code model_file:<name>} → sha256 of each model file, {@code renderer} → the OpenGL string,
   * {@code mujoco_library_sha256}, {@code render_settings}. The default adds nothing.
   */
  default java.util.Map<String, String> setup(String policy, RunOptions options) {
    return java.util.Map.of();
  }

  /**
   * {@link #setup(String, RunOptions)} for a run on {@code suite}, whose env may render otherwise (a LIBERO
   * suite renders as robosuite does: {@code render_settings} names the size, flags, multisampling and
   * sampling substep). The default ignores the suite.
   */
  default java.util.Map<String, String> setup(Suite suite, String policy, RunOptions options) {
    return setup(policy, options);
  }

  /**
   * What config.json records as {@code policy_server} for {@code policy}: for a remote policy its
   * protocol, address and the server's metadata (openpi metadata frame, vla-eval hello); empty for
   * an in-process policy (the default). JSON values only (strings, numbers, booleans, lists, maps).
   *
   * @throws IllegalArgumentException if the server cannot be reached (one line, naming the address)
   */
  default java.util.Map<String, Object> policyServer(String policy, RunOptions options) {
    return java.util.Map.of();
  }

  /** Valid policy names, e.g. {@code [expert]}. */
  List<String> policies();

  /**
   * The best shipped policy for {@code suite}, the one {@code vla4j demo --suite} evaluates (default: the
   * first of {@link #policies()} for every suite).
   */
  default String bestPolicy(String suite) {
    return policies().getFirst();
  }

  /** Whether {@code policy} names a policy this provider runs (default: one of {@link #policies()}). */
  default boolean knows(String policy) {
    return policies().contains(policy);
  }

  /** What an error lists as valid (default: {@link #policies()}, comma-separated). */
  default String validPolicies() {
    return String.join(", ", policies());
  }

  /**
   * Checks that {@link #knows} accepts {@code policy}.
   *
   * @throws IllegalArgumentException naming the policy and listing {@link #validPolicies()}
   */
  default void requireKnown(String policy) {
    if (!knows(policy)) throw new IllegalArgumentException("unknown policy '" + policy + "'; valid policies: " + validPolicies());
  }
}
