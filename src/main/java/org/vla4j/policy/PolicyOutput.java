package org.vla4j.policy;

/**
 * A policy's answer for one step.
 *
 * @param action 7-D action in env units, [dx, dy, dz, rx, ry, rz, gripper]
 * @param actionTokens the generated action token ids (7), or an empty array for non-token policies
 * @param tokensOutOfRange how many generated ids fell outside the action-token range and were
 *     clamped by the decode rule (a silent failure OpenVLA's code does not count)
 */
public record PolicyOutput(double[] action, int[] actionTokens, int tokensOutOfRange) {}
