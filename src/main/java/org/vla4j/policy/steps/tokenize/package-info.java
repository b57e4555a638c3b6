/**
 * Action tokenizers: normalized actions ↔ token ids. {@code openvla} (OpenVLA, arXiv:2406.09246)
 * and {@code uniform} (RT-2 style). Chunks {@code [K, D]} are tokenized time-major.
 */
package org.vla4j.policy.steps.tokenize;
