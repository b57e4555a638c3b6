/**
 * Image preprocessing on {@code [H, W, 3] uint8} images ({@link org.vla4j.policy.steps.image.RgbImage}):
 * rotate 180°, flip rows, TensorFlow/Pillow-exact resizes, OpenVLA's center crop and openpi's
 * resize-with-pad, as named {@link org.vla4j.policy.steps.image.ImageStep}s.
 */
package org.vla4j.policy.steps.image;
