/**
 * The policy side of the loop (boxes 1–5 of docs/ARCHITECTURE.md) and the metadata that must travel
 * from training to inference. {@link org.vla4j.policy.Policy} is the contract (observation +
 * instruction → action); {@code steps} holds the processor steps ({@code image}: rotate, flip,
 * resize, crop; {@code prompt}: templates; {@code tokenize}: action tokenizers; {@code normalize}:
 * dataset statistics and unnorm_key; {@code gripper}: gripper conventions; the sealed {@code
 * ProcessorStep} and the {@code Fault}s that replace one step); {@code vla} is the OpenVLA-style model
 * family (config, ONNX runner, processor pipeline); {@code remote} the clients of the policy servers
 * people run. Conventions follow OpenVLA (Kim et al. 2024, arXiv:2406.09246) to the bit. Never
 * imports {@code sim}.
 */
package org.vla4j.policy;
