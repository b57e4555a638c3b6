package org.vla4j.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.vla4j.policy.remote.RemotePolicyException;
import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.env.Observation;
import org.vla4j.sim.env.StepResult;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.env.Env;
import org.vla4j.sim.suite.InitStateGenerator;

/**
 * Runs episodes in the MuJoCo tabletop with LIBERO's evaluation protocol (as OpenVLA, openpi and
 * LeRobot run it): reset to the episode's fixed init state, {@code suite.waitSteps()} no-op steps
 * ({@link Suite#waitCommand()}: OpenVLA's {@code [0,0,0,0,0,0,−1]} by default) so objects settle, then at most {@code suite.maxSteps()} agent steps,
 * stopping at the first success or when the simulation goes unstable.
 *
 * <p>Every step is logged with the mean of the agentview image the agent saw before acting. The
 * first gripper-close step is the first agent step whose gripper command is closing (> 0) after a
 * step that was not. One runner per worker thread: it owns an {@link Env} ({@link Env#open}: the
 * tabletop for vla4j's suites, LIBERO's own scenes for a LIBERO suite; MuJoCo data, EGL context, renderers).
 *
 * <p>An optional {@link EpisodeMonitor} per episode sees each step after the env took it and may end
 * the episode (failure_reason {@code monitor:<name>}); a success or an unstable simulation at the same
 * step takes precedence. Without a monitor the logs are byte-identical to a runner without the hook.
 *
 * <p>A remote policy that fails (a {@link RemotePolicyException}: server unreachable, timed out,
 * closed mid-reply, nonsense reply, server-side error) ends the episode at that step with
 * failure_reason {@value #POLICY_ERROR}: the steps taken so far are logged, the message goes to
 * {@link EpisodeResult#policyCalls()} (timings.jsonl), and the runner stays usable for the next
 * episode (the client reconnects on its next call).
 */
public final class SimEpisodeRunner implements EpisodeRunner {
  /** The failure_reason of an episode ended by a remote policy's failure. */
  public static final String POLICY_ERROR = "policy_error";

  private final Suite suite;
  private final Env env;
  private final Agent agent;
  private final EpisodeMonitor.Factory monitors;
  private final InitStateGenerator.Stream initStates;

  /** A runner without a monitor. */
  public SimEpisodeRunner(Suite suite, EnvConfig config, Agent agent) {
    this(suite, config, agent, EpisodeMonitor.Factory.NONE);
  }

  /**
   * A runner that gives every episode a fresh monitor from {@code monitors}. A monitor sees every
   * step after the env took it; when it answers with a name, the episode ends there with
   * failure_reason {@code monitor:<name>} (the step is logged). With {@link EpisodeMonitor.Factory#NONE}
   * (or a factory returning null) episodes run and log exactly as without the hook.
   */
  public SimEpisodeRunner(Suite suite, EnvConfig config, Agent agent, EpisodeMonitor.Factory monitors) {
    this(suite, config, agent, monitors, InitStateGenerator.Stream.EVAL);
  }

  /**
   * As {@link #SimEpisodeRunner(Suite, EnvConfig, Agent, EpisodeMonitor.Factory)}, with episodes
   * starting from init state {@code spec.initState()} of {@code initStates}: {@link
   * InitStateGenerator.Stream#EVAL} for evaluation (the suite's stored init states), {@link
   * InitStateGenerator.Stream#TRAIN} for data collection.
   */
  public SimEpisodeRunner(Suite suite, EnvConfig config, Agent agent, EpisodeMonitor.Factory monitors,
      InitStateGenerator.Stream initStates) {
    this.suite = suite;
    this.env = Env.open(suite, config);
    this.agent = agent;
    this.monitors = monitors;
    this.initStates = initStates;
  }

  /**
   * A factory of runners for a suite and an agent made fresh for each worker.
   *
   * @param agents makes one agent per runner (agents are not thread-safe)
   */
  public static EpisodeRunner.Factory factory(Suite suite, EnvConfig config, Supplier<Agent> agents) {
    return factory(suite, config, agents, EpisodeMonitor.Factory.NONE);
  }

  /** As {@link #factory(Suite, EnvConfig, Supplier)}, each episode watched by a monitor from {@code monitors}. */
  public static EpisodeRunner.Factory factory(Suite suite, EnvConfig config, Supplier<Agent> agents,
      EpisodeMonitor.Factory monitors) {
    return () -> new SimEpisodeRunner(suite, config, agents.get(), monitors);
  }

  /** The OpenGL context's "vendor | renderer | version", or {@code none} before the first rendered episode. */
  public String glDescription() {
    return env.glDescription();
  }

  @Override
  public EpisodeResult run(EpisodeSpec spec) {
    try {
      return runEpisode(spec);
    } finally {
      agent.episodeEnded();
    }
  }

  private EpisodeResult runEpisode(EpisodeSpec spec) {
    long t0 = System.nanoTime();
    Observation obs = env.reset(spec.taskId(), initStates, spec.initState());
    String instruction = env.instruction();
    agent.reset(spec.seed());
    EpisodeMonitor monitor = monitors.create(spec);
    List<StepRecord> records = new ArrayList<>();
    int step = 0;
    String failure = null;
    boolean success = false;
    double[] wait = suite.waitCommand();
    for (int w = 0; w < suite.waitSteps() && failure == null; w++) {
      StepResult r = env.step(wait);
      StepRecord rec = new StepRecord(spec.index(), step++, obs.agentviewMean(), wait.clone(), r.reward(), r.done(), StepRecord.WAIT);
      records.add(rec);
      String stop = monitor == null ? null : monitor.onStep(rec, obs, StepDiagnostics.EMPTY).orElse(null);
      obs = r.observation();
      if (r.simUnstable()) failure = "sim_unstable";
      else if (stop != null) failure = "monitor:" + stop;
    }
    int agentSteps = 0;
    int firstClose = -1;
    double previousGripper = wait[6];
    String policyError = null;
    while (failure == null && !success && agentSteps < suite.maxSteps()) {
      double[] action;
      try {
        action = agent.act(env, obs);
      } catch (RemotePolicyException e) {
        failure = POLICY_ERROR;
        policyError = e.getMessage();
        break;
      }
      StepDiagnostics diagnostics = monitor == null ? null : agent.diagnostics();
      StepRecord.Query query = agent.lastQuery();
      StepResult r = env.step(action);
      StepRecord rec = new StepRecord(spec.index(), step++, obs.agentviewMean(), action.clone(), r.reward(), r.done(), agent.tag(), query);
      records.add(rec);
      String stop = monitor == null ? null : monitor.onStep(rec, obs, diagnostics).orElse(null);
      if (firstClose < 0 && action[6] > 0 && !(previousGripper > 0)) firstClose = agentSteps;
      previousGripper = action[6];
      agentSteps++;
      obs = r.observation();
      if (r.simUnstable()) failure = "sim_unstable";
      else if (r.done()) success = true;
      else if (stop != null) failure = "monitor:" + stop;
    }
    if (failure == null && !success) failure = "timeout";
    PolicyCalls calls = agent.policyCalls();
    if (policyError != null) calls = (calls == null ? PolicyCalls.NONE : calls).withError(policyError);
    return new EpisodeResult(spec, instruction, success, agentSteps, firstClose, failure, (System.nanoTime() - t0) / 1e9,
        records, monitor == null ? java.util.List.of() : monitor.events(), calls);
  }

  @Override
  public void close() {
    try {
      env.close();
    } finally {
      agent.close();
    }
  }
}
