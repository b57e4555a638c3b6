package org.vla4j.diagnose.preflight;

import java.util.ArrayList;
import java.util.List;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.steps.image.RgbImage;
import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.env.Observation;
import org.vla4j.sim.env.StepResult;
import org.vla4j.sim.env.Env;
import org.vla4j.sim.expert.ScriptedExpert;
import org.vla4j.sim.suite.InitStateGenerator;
import org.vla4j.sim.suite.Suite;
import org.vla4j.rollout.ExpertAgent;

/**
 * The frames preflight judges a policy on, rendered in the real env: for each (task, init state),
 * the first policy frame of an evaluation episode (reset to the suite's stored init state, then the
 * suite's no-op wait steps, as LIBERO's evaluation protocol runs them), labelled with the scripted
 * expert's gripper command there (open), and the frame on which the scripted expert, driven from
 * that state, first commands the gripper to close (its pre-grasp state), labelled close. Pure
 * function of the suite, the list and the renderer.
 *
 * @param start one per (task, init state), in the given order
 * @param close the pre-grasp frames, same order, for the (task, init state)s whose expert reached one
 *     within {@link #MAX_EXPERT_STEPS}
 */
public record PreflightFrames(List<Frame> start, List<Frame> close) {
  /** Expert steps allowed to reach the first close command. */
  public static final int MAX_EXPERT_STEPS = 300;

  public PreflightFrames {
    start = List.copyOf(start);
    close = List.copyOf(close);
  }

  /**
   * One rendered observation.
   *
   * @param task task id
   * @param initState init-state index
   * @param input what a policy sees: raw env images ({@code [H, W, 3]} uint8, rows bottom-up), state, instruction
   * @param expertAction the scripted expert's action on this frame (env units; gripper −1 open, +1 close)
   * @param step env steps since reset (wait steps included)
   */
  public record Frame(int task, int initState, PolicyInput input, double[] expertAction, int step) {
    /** The expert's gripper command: −1 open, +1 close. */
    public double expertGripper() {
      return expertAction[expertAction.length - 1];
    }

    /** {@code t<task>/is<initState>}, for messages. */
    public String id() {
      return "t" + task + "/is" + initState;
    }
  }

  /**
   * Renders the frames.
   *
   * @param tasks task ids of {@code suite}
   * @param initStates init-state indices, each rendered for every task
   * @throws IllegalArgumentException if a task id or init state is out of range
   */
  public static PreflightFrames render(Suite suite, List<Integer> tasks, List<Integer> initStates, EnvConfig config) {
    List<Frame> start = new ArrayList<>(), close = new ArrayList<>();
    // Env.open: vla4j's tabletop or LIBERO's own scenes; the expert agent drives either
    try (Env env = Env.open(suite, config)) {
      ExpertAgent expert = new ExpertAgent(ScriptedExpert.Noise.NONE, "expert");
      for (int t : tasks) {
        for (int k : initStates) {
          Observation o = env.reset(t, InitStateGenerator.Stream.EVAL, k);
          int step = 0;
          for (int w = 0; w < suite.waitSteps(); w++, step++) o = env.step(suite.waitCommand()).observation();
          expert.reset(0);
          double[] a = expert.act(env, o);
          start.add(new Frame(t, k, input(o, env.instruction()), a.clone(), step));
          for (int i = 0; i < MAX_EXPERT_STEPS; i++) {
            StepResult r = env.step(a);
            step++;
            if (r.simUnstable() || r.done()) break;
            o = r.observation();
            a = expert.act(env, o);
            if (a[6] > 0) {
              close.add(new Frame(t, k, input(o, env.instruction()), a.clone(), step));
              break;
            }
          }
        }
      }
    }
    return new PreflightFrames(start, close);
  }

  private static PolicyInput input(Observation o, String instruction) {
    int n = o.imageSize();
    RgbImage wrist = o.eyeInHandImage() == null ? null : new RgbImage(n, n, o.eyeInHandImage());
    return new PolicyInput(new RgbImage(n, n, o.agentviewImage()), wrist, o.state8(), instruction);
  }
}
