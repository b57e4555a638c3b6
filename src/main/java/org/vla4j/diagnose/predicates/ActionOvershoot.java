package org.vla4j.diagnose.predicates;

/**
 * How far beyond the env's action range a policy's action may go before the runtime monitor
 * ({@code action_out_of_range}) and preflight's range check call it off-scale.
 *
 * <p>robosuite clips every command to the controller's input range (±1 for LIBERO's OSC_POSE), so a small
 * overshoot is harmless. A bin-token head (OpenVLA) cannot overshoot at all: its bins map into the
 * statistics' [q01, q99]. A regression or flow-matching head (OpenVLA-OFT, π0) can and does on clean runs:
 * {@code tiny-vla-libero} reaches |a| = 1.24 over 75,593 clean policy steps of LIBERO-Object (10,892 of them
 * beyond 1.0, 20 beyond 1.1, none beyond 1.5), while the wrong unnorm_key of the drills scales its actions
 * about 4× (|a| ≈ 4.07). A limit of 1.5× the range sits between the two (docs/RESULTS.md, "The three silent
 * failures on LIBERO-Object's scenes").
 */
public final class ActionOvershoot {

  /** Off-scale means |a_i| above this multiple of the env's action range (1.5: dimensionless, > 1). */
  public static final double TOLERATED = 1.5;

  private ActionOvershoot() {}
}
