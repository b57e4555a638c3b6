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
 * @param failureReason null on success, else e.g. {@code timeout}, {@code sim_unstable} or {@code policy_error}
 * @param wallSeconds wall-clock time of the episode (not deterministic; logged apart from the
 *     deterministic files)
 * @param stepRecords every step, in order
 * @param monitorEvents runtime-monitor events of the episode, in step order (empty without a monitor)
 * @param policyCalls the remote policy's call latencies (and the error of a {@code policy_error}
 *     episode), for timings.jsonl; null when the agent does not time its calls
 */
public record EpisodeResult(
    EpisodeSpec spec, String instruction, boolean success, int steps, int firstGripperCloseStep, String failureReason,
    double wallSeconds, List<StepRecord> stepRecords, List<MonitorEvent> monitorEvents, PolicyCalls policyCalls) {

  public EpisodeResult {
    monitorEvents = List.copyOf(monitorEvents);
  }

  /** A result without timed policy calls. */
  public EpisodeResult(
      EpisodeSpec spec, String instruction, boolean success, int steps, int firstGripperCloseStep, String failureReason,
      double wallSeconds, List<StepRecord> stepRecords, List<MonitorEvent> monitorEvents) {
    this(spec, instruction, success, steps, firstGripperCloseStep, failureReason, wallSeconds, stepRecords, monitorEvents, null);
  }

  /** A result without monitor events. */
  public EpisodeResult(
      EpisodeSpec spec, String instruction, boolean success, int steps, int firstGripperCloseStep, String failureReason,
      double wallSeconds, List<StepRecord> stepRecords) {
    this(spec, instruction, success, steps, firstGripperCloseStep, failureReason, wallSeconds, stepRecords, List.of(), null);
  }
}
