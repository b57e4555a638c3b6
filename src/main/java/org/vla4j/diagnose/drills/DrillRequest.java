package org.vla4j.diagnose.drills;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.vla4j.diagnose.predicates.PredicateThresholds;

/**
 * What {@code vla4j drills} was asked to do.
 *
 * @param suite the suite's name, e.g. {@code object}
 * @param policy a learned policy: a shipped model's name ({@code tiny-vla}) or a model folder path
 * @param taskId task id within the suite, 0..tasks−1
 * @param initStates init states to drill on, each 0..initStatesPerTask−1, non-empty, no repeats; trial k
 *     of the episode plan starts from {@code initStates[k]}
 * @param perInitStateFolders write each init state's runs to {@code out/is<k>/} and a
 *     {@code features.csv} (the calibration helper, {@code --init-states}); false: the single init
 *     state's runs go to {@code out/} itself ({@code --init-state})
 * @param seed the run seed; trial k's episode seed is {@link org.vla4j.rollout.EpisodeSeeds#seed}(seed, taskId, k)
 * @param maxSteps policy steps per episode, ≥ 1; null for the suite's ({@code object}: 280)
 * @param out the output folder (created if missing; drill files in it are overwritten)
 * @param thresholds the failure predicates' thresholds
 * @param workers episodes of one drill run in parallel (one per init state), ≥ 1
 */
public record DrillRequest(String suite, String policy, int taskId, List<Integer> initStates, boolean perInitStateFolders,
    long seed, Integer maxSteps, Path out, PredicateThresholds thresholds, int workers) {
  public DrillRequest {
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(policy, "policy");
    initStates = List.copyOf(initStates);
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(thresholds, "thresholds");
  }
}
