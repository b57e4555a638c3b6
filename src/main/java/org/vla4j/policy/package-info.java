/**
 * The policy side of the loop (DESIGN.md boxes 1, 2, 4 and 5) and the metadata that must travel
 * from training to inference: {@code image} (rotate, flip, resize, crop), {@code prompt}
 * (templates), {@code tokenize} (action tokenizers), {@code normalize} (dataset statistics and
 * unnorm_key), {@code gripper} (gripper conventions). Conventions follow OpenVLA (arXiv:2406.09246)
 * to the bit; see /work/shared/REFERENCE.md §1–§4. Never imports {@code sim}.
 */
package org.vla4j.policy;
