package org.vla4j.cli;

import java.util.List;
import org.vla4j.eval.RunOptions;
import org.vla4j.eval.RunnerProvider;
import org.vla4j.eval.Toggle;
import org.vla4j.rollout.EpisodeRunner;
import org.vla4j.rollout.ExpertAgent;
import org.vla4j.rollout.SimEpisodeRunner;
import org.vla4j.sim.EnvConfig;
import org.vla4j.sim.ScriptedExpert;
import org.vla4j.sim.Suite;

/**
 * The one place the CLI gets its episode runners from: maps policy names to the simulator's runner
 * factories. Commands take it as their default and tests inject their own {@link RunnerProvider}.
 * Every policy runs in {@link SimEpisodeRunner} with both cameras rendered at 128×128.
 */
public final class DefaultRunners {
  /** Policies the CLI knows, best shipped first; {@code demo} evaluates the first. */
  public static final List<String> POLICIES = List.of("expert");

  private DefaultRunners() {}

  /**
   * The runners of {@code policy} on {@code suite} rendering with {@code env}, applying {@code options}.
   * A learned policy's factory applies {@code options.toggle()} to its processor pipeline; the
   * scripted expert has none and refuses every toggle.
   *
   * @throws IllegalArgumentException for an unknown policy, or a toggle the policy cannot apply
   */
  public static EpisodeRunner.Factory runners(Suite suite, String policy, RunOptions options, EnvConfig env) {
    if (!POLICIES.contains(policy)) {
      throw new IllegalArgumentException("unknown policy '" + policy + "'; valid policies: " + String.join(", ", POLICIES));
    }
    if (options.toggle() != Toggle.NONE) {
      throw new IllegalArgumentException("--toggle " + options.toggle().wireName() + " needs a learned policy: the expert has no"
          + " preprocessing to break (it reads the true scene state: no camera image to flip, no prompt, no action"
          + " unnormalization); use --toggle none with policy 'expert'");
    }
    return SimEpisodeRunner.factory(suite, env, () -> new ExpertAgent(ScriptedExpert.Noise.NONE, "expert"), options.monitors());
  }

  /** The CLI's runner provider. */
  public static RunnerProvider provider() {
    return new RunnerProvider() {
      @Override
      public EpisodeRunner.Factory factory(Suite suite, String policy) {
        return factory(suite, policy, RunOptions.NONE);
      }

      @Override
      public EpisodeRunner.Factory factory(Suite suite, String policy, RunOptions options) {
        return runners(suite, policy, options, EnvConfig.DEFAULT);
      }

      @Override
      public List<String> policies() {
        return POLICIES;
      }
    };
  }
}
