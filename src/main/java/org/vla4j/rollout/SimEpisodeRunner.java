package org.vla4j.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.vla4j.sim.EnvConfig;
import org.vla4j.sim.Observation;
import org.vla4j.sim.StepResult;
import org.vla4j.sim.Suite;
import org.vla4j.sim.TabletopEnv;

/**
 * Runs episodes in the MuJoCo tabletop with LIBERO's evaluation protocol (as OpenVLA, openpi and
 * LeRobot run it): reset to the episode's fixed init state, {@code suite.waitSteps()} no-op steps
 * {@code [0,0,0,0,0,0,−1]} so objects settle, then at most {@code suite.maxSteps()} agent steps,
 * stopping at the first success or when the simulation goes unstable.
 *
 * <p>Every step is logged with the mean of the agentview image the agent saw before acting. The
 * first gripper-close step is the first agent step whose gripper command is closing (> 0) after a
 * step that was not. One runner per worker thread: it owns a {@link TabletopEnv} (MuJoCo data,
 * EGL context, renderers).
 */
public final class SimEpisodeRunner implements EpisodeRunner {
  static final double[] WAIT_ACTION = {0, 0, 0, 0, 0, 0, -1};

  private final Suite suite;
  private final TabletopEnv env;
  private final Agent agent;

  public SimEpisodeRunner(Suite suite, EnvConfig config, Agent agent) {
    this.suite = suite;
    this.env = new TabletopEnv(suite, config);
    this.agent = agent;
  }

  /**
   * A factory of runners for a suite and an agent made fresh for each worker.
   *
   * @param agents makes one agent per runner (agents are not thread-safe)
   */
  public static EpisodeRunner.Factory factory(Suite suite, EnvConfig config, Supplier<Agent> agents) {
    return () -> new SimEpisodeRunner(suite, config, agents.get());
  }

  @Override
  public EpisodeResult run(EpisodeSpec spec) {
    long t0 = System.nanoTime();
    Observation obs = env.reset(spec.taskId(), spec.initState());
    String instruction = env.instruction();
    agent.reset(spec.seed());
    List<StepRecord> records = new ArrayList<>();
    int step = 0;
    String failure = null;
    boolean success = false;
    for (int w = 0; w < suite.waitSteps() && failure == null; w++) {
      StepResult r = env.step(WAIT_ACTION);
      records.add(new StepRecord(spec.index(), step++, obs.agentviewMean(), WAIT_ACTION.clone(), r.reward(), r.done(), "wait"));
      obs = r.observation();
      if (r.simUnstable()) failure = "sim_unstable";
    }
    int agentSteps = 0;
    int firstClose = -1;
    double previousGripper = WAIT_ACTION[6];
    while (failure == null && !success && agentSteps < suite.maxSteps()) {
      double[] action = agent.act(env, obs);
      StepResult r = env.step(action);
      records.add(new StepRecord(spec.index(), step++, obs.agentviewMean(), action.clone(), r.reward(), r.done(), agent.tag()));
      if (firstClose < 0 && action[6] > 0 && !(previousGripper > 0)) firstClose = agentSteps;
      previousGripper = action[6];
      agentSteps++;
      obs = r.observation();
      if (r.simUnstable()) failure = "sim_unstable";
      else if (r.done()) success = true;
    }
    if (failure == null && !success) failure = "timeout";
    return new EpisodeResult(spec, instruction, success, agentSteps, firstClose, failure, (System.nanoTime() - t0) / 1e9, records);
  }

  @Override
  public void close() {
    env.close();
  }
}
