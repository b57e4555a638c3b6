package org.vla4j.bench;

import java.util.Map;
import java.util.TreeMap;
import org.vla4j.rollout.EpisodeResult;
import org.vla4j.rollout.EpisodeSpec;
import org.vla4j.rollout.ExpertAgent;
import org.vla4j.rollout.EpisodeMonitor;
import org.vla4j.rollout.SimEpisodeRunner;
import org.vla4j.sim.env.EnvConfig;
import org.vla4j.sim.env.RenderSettings;
import org.vla4j.sim.expert.ScriptedExpert;
import org.vla4j.sim.suite.InitStateGenerator;
import org.vla4j.sim.suite.Suite;
import org.vla4j.sim.suite.Suites;

/**
 * The noise-free scripted expert ({@code LiberoExpert}) on libero_object's TRAINING init states, without
 * cameras, with the evaluation's protocol (wait steps, 280 steps): does it work on the new placements?
 *
 * <p>Arguments: {@code [STATES_PER_TASK (10)] [FIRST_STATE (0)] [FIRST_TASK (0)]}. LIBERO is found as for every command.
 */
public final class LiberoExpertTrainProbe {
  private LiberoExpertTrainProbe() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int first = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    int firstTask = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    Suite suite = Suites.get("libero_object");
    EnvConfig cfg = new EnvConfig(64, RenderSettings.FAST, false, false);
    int ok = 0, all = 0;
    Map<String, Integer> reasons = new TreeMap<>();
    long t0 = System.nanoTime();
    try (SimEpisodeRunner r = new SimEpisodeRunner(suite, cfg, new ExpertAgent(ScriptedExpert.Noise.NONE, "expert"), EpisodeMonitor.Factory.NONE,
        InitStateGenerator.Stream.TRAIN)) {
      for (int t = firstTask; t < suite.tasks().size(); t++) {
        int taskOk = 0;
        for (int k = first; k < first + n; k++) {
          EpisodeResult e = r.run(new EpisodeSpec(all, t, k, 0));
          all++;
          if (e.success()) taskOk++;
          else reasons.merge(e.failureReason(), 1, Integer::sum);
        }
        ok += taskOk;
        System.out.printf("task %d %s: %d/%d%n", t, suite.task(t).name(), taskOk, n);
      }
    }
    System.out.printf("expert on TRAIN init states %d..%d: %d/%d successes, failures %s, %.0f s%n", first, first + n - 1, ok, all, reasons,
        (System.nanoTime() - t0) / 1e9);
  }
}
