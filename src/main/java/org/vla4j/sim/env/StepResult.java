package org.vla4j.sim.env;

/**
 * The outcome of one {@link TabletopEnv#step}.
 *
 * @param observation the observation after the step
 * @param reward 1.0 when the task's success predicate holds after the step, else 0.0 (sparse, as LIBERO)
 * @param done true on success (LIBERO: done means success)
 * @param simUnstable true if MuJoCo met a bad number (NaN/Inf/huge) in qpos, qvel, qacc or ctrl
 *     during the step (a NaN action reaches ctrl) or the state holds a non-finite number; the
 *     episode must end with failure_reason {@code sim_unstable}
 */
public record StepResult(Observation observation, double reward, boolean done, boolean simUnstable) {}
