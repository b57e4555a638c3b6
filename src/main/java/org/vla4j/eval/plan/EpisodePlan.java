package org.vla4j.eval.plan;

import org.vla4j.rollout.EpisodeSeeds;
import java.util.ArrayList;
import java.util.List;
import org.vla4j.rollout.EpisodeSpec;
import org.vla4j.sim.suite.Suite;

/**
 * The canonical list of episodes of an evaluation. For each selected task t (ascending) and trial
 * k = 0..episodesPerTask−1: init state = initStates[k mod initStates.size()], seed =
 * {@link EpisodeSeeds#seed}(runSeed, t, k), index = position in this list. Logs are written in this
 * order, whatever the number of workers.
 *
 * @param episodes the episodes, {@code episodes.get(i).index() == i}
 */
public record EpisodePlan(List<EpisodeSpec> episodes) {
  public EpisodePlan {
    episodes = List.copyOf(episodes);
    for (int i = 0; i < episodes.size(); i++) {
      if (episodes.get(i).index() != i) throw new IllegalArgumentException("episode " + i + " has index " + episodes.get(i).index());
    }
  }

  /**
   * Builds the plan.
   *
   * @param taskIds task ids, ascending, as from {@link Selections#tasks}
   * @param episodesPerTask trials per task, ≥ 1
   * @param initStates init states to cycle through, non-empty, as from {@link Selections#initStates}
   * @param runSeed the run's seed
   * @throws IllegalArgumentException if episodesPerTask &lt; 1 or a list is empty
   */
  public static EpisodePlan of(Suite suite, List<Integer> taskIds, int episodesPerTask, List<Integer> initStates, long runSeed) {
    if (episodesPerTask < 1) {
      throw new IllegalArgumentException("--episodes-per-task must be at least 1, got " + episodesPerTask);
    }
    if (taskIds.isEmpty() || initStates.isEmpty()) throw new IllegalArgumentException("no tasks or no init states selected");
    for (int t : taskIds) suite.task(t); // validates the id
    List<EpisodeSpec> out = new ArrayList<>();
    for (int t : taskIds) {
      for (int k = 0; k < episodesPerTask; k++) {
        out.add(new EpisodeSpec(out.size(), t, initStates.get(k % initStates.size()), EpisodeSeeds.seed(runSeed, t, k)));
      }
    }
    return new EpisodePlan(out);
  }

  /** Number of episodes. */
  public int size() {
    return episodes.size();
  }

  /** The episode with this index. */
  public EpisodeSpec get(int index) {
    return episodes.get(index);
  }
}
