package org.vla4j.rollout;

import java.util.Arrays;

/**
 * The remote policy calls of one episode, for {@code timings.jsonl} (wall-clock values, never in
 * the deterministic files).
 *
 * @param calls requests that returned an answer (with open-loop chunks fewer than the agent steps)
 * @param p50Ms median latency in milliseconds, the nearest-rank 50th percentile (the ⌈n/2⌉-th
 *     smallest); NaN when there was no call
 * @param maxMs largest latency in milliseconds; NaN when there was no call
 * @param error what the failed call said ({@code RemotePolicyException}'s message) when the episode
 *     ended with failure_reason {@code policy_error}, else null
 */
public record PolicyCalls(int calls, double p50Ms, double maxMs, String error) {
  /** No call, no error. */
  public static final PolicyCalls NONE = new PolicyCalls(0, Double.NaN, Double.NaN, null);

  /**
   * The summary of {@code n} latencies.
   *
   * @param nanos latencies in nanoseconds; the first {@code n} are used (not modified)
   */
  public static PolicyCalls of(long[] nanos, int n) {
    if (n == 0) return NONE;
    long[] s = Arrays.copyOf(nanos, n);
    Arrays.sort(s);
    return new PolicyCalls(n, s[(n + 1) / 2 - 1] / 1e6, s[n - 1] / 1e6, null);
  }

  /** The same with the error that ended the episode. */
  public PolicyCalls withError(String message) {
    return new PolicyCalls(calls, p50Ms, maxMs, message);
  }
}
