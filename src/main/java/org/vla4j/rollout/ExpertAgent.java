package org.vla4j.rollout;

import org.vla4j.sim.robot.ControllerConfig;
import org.vla4j.sim.env.Observation;
import org.vla4j.sim.expert.ScriptedExpert;
import org.vla4j.sim.env.Env;
import org.vla4j.sim.env.LiberoTaskEnv;
import org.vla4j.sim.env.TabletopEnv;
import org.vla4j.sim.expert.LiberoExpert;

/**
 * The scripted expert as an {@link Agent}: it reads the true scene state through the env — {@link
 * ScriptedExpert} on vla4j's tabletop, {@link LiberoExpert} on LIBERO's own scenes.
 */
public final class ExpertAgent implements Agent {
  private final ScriptedExpert expert;
  private final LiberoExpert liberoExpert;
  private boolean onLibero;
  private final String tag;

  /**
   * @param noise action noise ({@link ScriptedExpert.Noise#NONE} for evaluation)
   * @param tag the step-log tag, e.g. {@code expert}
   */
  public ExpertAgent(ScriptedExpert.Noise noise, String tag) {
    this(noise, ControllerConfig.DEFAULT, tag);
  }

  /**
   * @param noise action noise
   * @param input the controller input range the env uses (the expert scales its arm actions to it)
   * @param tag the step-log tag
   */
  public ExpertAgent(ScriptedExpert.Noise noise, ControllerConfig input, String tag) {
    this.expert = new ScriptedExpert(noise, input);
    this.liberoExpert = new LiberoExpert(input, noise);
    this.tag = tag;
  }

  @Override
  public String tag() {
    return tag;
  }

  @Override
  public void reset(long seed) {
    expert.reset(seed);
    liberoExpert.reset(seed);
  }

  @Override
  public double[] act(Env env, Observation observation) {
    return switch (env) {
      case TabletopEnv t -> {
        onLibero = false;
        yield expert.act(t.scene(), t.data());
      }
      case LiberoTaskEnv l -> {
        onLibero = true;
        yield liberoExpert.act(l.world());
      }
    };
  }

  /** The expert's clean action (before its noise) as the step's label, for demonstration recorders. */
  @Override
  public StepDiagnostics diagnostics() {
    return new StepDiagnostics(-1, onLibero ? liberoExpert.lastAction() : expert.lastCleanAction()); // already a copy
  }
}
