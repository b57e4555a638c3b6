package org.vla4j.serve;

import org.vla4j.policy.steps.image.ImageStep;
import org.vla4j.policy.steps.image.ResizeMethod;
import org.vla4j.policy.steps.image.RgbImage;

/**
 * How a server turns a received image into the env-convention image a {@link
 * org.vla4j.policy.Policy} takes ({@link org.vla4j.policy.PolicyInput}: rows bottom-up as MuJoCo
 * renders them). The reference LIBERO clients of all three protocols send upright images (they
 * apply {@code img[::-1, ::-1]} before sending, as the OpenVLA, openpi and vla-eval LIBERO clients do), and vla4j's policies do that
 * rotation themselves, so by default the server rotates the image back by 180° (exact: the rotation
 * is its own inverse). A client image of another size than the model's is resized first — a lossy
 * step the model's training did not see, listed in the server's metadata.
 *
 * @param rotate180 rotate each received image by 180° (undo the client's rotation)
 * @param imageSize resize received images to {@code imageSize × imageSize} when they differ; 0 keeps
 *     them as received
 * @param resize resampling method for that resize
 */
public record ObservationAdapter(boolean rotate180, int imageSize, ResizeMethod resize) {
  /** Images passed as received. */
  public static final ObservationAdapter NONE = new ObservationAdapter(false, 0, ResizeMethod.PIL_BILINEAR);

  /** @throws IllegalArgumentException for a negative size */
  public ObservationAdapter {
    if (imageSize < 0) throw new IllegalArgumentException("image size must be ≥ 0 (0: as received), got " + imageSize);
    if (resize == null) resize = ResizeMethod.PIL_BILINEAR;
  }

  /** The env-convention image for a received one. */
  public RgbImage toEnv(RgbImage wire) {
    RgbImage im = wire;
    if (imageSize > 0 && (im.height() != imageSize || im.width() != imageSize)) {
      im = new ImageStep.Resize(imageSize, imageSize, resize).apply(im);
    }
    if (rotate180) im = new ImageStep.Rotate180().apply(im);
    return im;
  }

  /** The steps, named as in pipelines, for server metadata. */
  public java.util.List<String> steps() {
    java.util.List<String> s = new java.util.ArrayList<>();
    if (imageSize > 0) s.add("server:resize-if-needed(" + imageSize + "x" + imageSize + ", " + resize.id() + ")");
    if (rotate180) s.add("server:rotate180 (undo the client's upright rotation)");
    return s;
  }
}
