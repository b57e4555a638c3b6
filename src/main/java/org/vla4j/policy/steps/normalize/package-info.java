/**
 * Normalization statistics ({@code dataset_statistics.json}), their computation from trajectories,
 * BOUNDS_Q99 normalization/unnormalization and unnorm_key resolution (OpenVLA, arXiv:2406.09246).
 */
package org.vla4j.policy.steps.normalize;
