package org.vla4j.rollout;

import java.util.List;

/**
 * The outcome of one episode (a line of {@code episodes.jsonl}) and its steps.
 *
 * @param spec what the episode was
 * @param instruction the instruction the policy got
 * @param success whether the task's success predicate held at some step
 * @param steps number of policy steps taken (wait steps excluded)
 * @param firstGripperCloseStep first policy step whose gripper command crossed from opening
 *     (≤ 0) to closing (> 0), or −1 if it never did
 * @param failureReason null on success, else e.g. {@code timeout} or {@code sim_unstable}
 * @param wallSeconds wall-clock time of the episode (not deterministic; logged apart from the
 *     deterministic files)
 * @param stepRecords every step, in order
 * @param monitorEvents runtime-monitor events of the episode, in step order (empty without a monitor)
 */
public record EpisodeResult(
    EpisodeSpec spec, String instruction, boolean success, int steps, int firstGripperCloseStep, String failureReason,
    double wallSeconds, List<StepRecord> stepRecords, List<MonitorEvent> monitorEvents) {

  public EpisodeResult {
    monitorEvents = List.copyOf(monitorEvents);
  }

  /** A result without monitor events. */
  public EpisodeResult(
      EpisodeSpec spec, String instruction, boolean success, int steps, int firstGripperCloseStep, String failureReason,
      double wallSeconds, List<StepRecord> stepRecords) {
    this(spec, instruction, success, steps, firstGripperCloseStep, failureReason, wallSeconds, stepRecords, List.of());
  }
}
