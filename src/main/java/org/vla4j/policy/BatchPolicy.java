package org.vla4j.policy;

import java.util.List;

/**
 * A policy that answers several independent observations in one model call (batched inference
 * across episodes, {@code eval --batch B}). Row i of the answer depends only on input i: a batch
 * is a grouping of calls, never a shared context.
 */
public interface BatchPolicy extends Policy {
  /**
   * The actions for {@code inputs}, in order: element i is what {@link #act} would answer for
   * {@code inputs.get(i)} (up to how the runtime's batched kernels round; see docs/BENCHMARKS.md).
   *
   * @param inputs one or more observations of independent episodes
   * @throws IllegalArgumentException if an input does not match what the model was built for
   */
  List<PolicyOutput> actBatch(List<PolicyInput> inputs);
}
