/**
 * Gripper conventions as named, composable steps applied after unnormalization (OpenVLA's LIBERO
 * post-processing, or identity for models that emit env units).
 */
package org.vla4j.policy.steps.gripper;
