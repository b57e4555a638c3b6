package org.vla4j.rollout;

import java.util.SplittableRandom;
import org.vla4j.sim.env.Observation;
import org.vla4j.sim.env.Env;
import org.vla4j.sim.expert.ScriptedExpert;

/**
 * DAgger's data-collection agent (Ross, Gordon, Bagnell 2011, arXiv:1011.0686): a driver — a learned
 * policy — executes the actions, or with probability β per step the expert does, while {@link
 * ScriptedExpert#labeller()} watches every step; its clean action is reported as the step's {@link
 * StepDiagnostics#label() label}, so a recorder stores the states the driver itself reaches, each
 * labelled with what the expert would do there.
 *
 * <p>The coin is drawn every step from a generator seeded by the episode seed, so β changes which
 * steps the expert takes, not the stream. Deterministic when the driver is (greedy decoding). Not
 * thread-safe: one per worker.
 */
public final class DaggerAgent implements Agent {
  private static final long COIN_SALT = 0x44414747L; // "DAGG"

  private final Agent driver;
  private final double beta;
  private final ScriptedExpert labeller = ScriptedExpert.labeller();
  private SplittableRandom coin;
  private double[] label;
  private boolean expertActed;

  /**
   * @param driver the learned policy's agent; closed with this one
   * @param beta probability per step that the expert's action is executed instead, in [0, 1]
   * @throws IllegalArgumentException if beta is outside [0, 1]
   */
  public DaggerAgent(Agent driver, double beta) {
    if (!(beta >= 0 && beta <= 1)) throw new IllegalArgumentException("beta must be in [0, 1], got " + beta);
    this.driver = driver;
    this.beta = beta;
  }

  @Override
  public String tag() {
    return driver.tag();
  }

  @Override
  public void reset(long seed) {
    labeller.reset(seed);
    driver.reset(seed);
    coin = new SplittableRandom(seed ^ COIN_SALT);
    label = null;
  }

  @Override
  public double[] act(Env env, Observation observation) {
    if (!(env instanceof org.vla4j.sim.env.TabletopEnv t)) {
      throw new IllegalArgumentException("DAgger's labeller is the scripted expert of vla4j's tabletop suites; suite '" + env.suite().name()
          + "' has none");
    }
    labeller.act(t.scene(), t.data());
    label = labeller.lastCleanAction();
    expertActed = coin.nextDouble() < beta;
    return expertActed ? label : driver.act(env, observation);
  }

  /** The driver's report (nothing when the expert acted), with the labeller's action as the label. */
  @Override
  public StepDiagnostics diagnostics() {
    int tokens = expertActed ? -1 : driver.diagnostics().actionTokensOutOfRange();
    return new StepDiagnostics(tokens, label.clone());
  }

  @Override
  public void episodeEnded() {
    driver.episodeEnded();
  }

  @Override
  public void close() {
    driver.close();
  }
}
