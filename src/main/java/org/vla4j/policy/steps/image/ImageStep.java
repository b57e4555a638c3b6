package org.vla4j.policy.steps.image;

/**
 * Box 1's preprocessing: one named step on an {@link RgbImage}. Steps compose into the processor
 * pipeline and are listed by {@link #name()} in logs and reports, because a missing or extra step
 * here fails silently. The set is closed; each step documents its source convention.
 */
public sealed interface ImageStep
    permits ImageStep.Rotate180, ImageStep.FlipRows, ImageStep.Resize, ImageStep.CenterCrop,
        ImageStep.ResizeWithPad {

  /** Step name with its parameters, e.g. {@code resize(224x224, tf-lanczos3-antialias)}. */
  String name();

  /** Applies the step; the input is not modified. */
  RgbImage apply(RgbImage image);

  /**
   * Rotate by 180° ({@code img[::-1, ::-1]}): what OpenVLA, openpi and LeRobot do to LIBERO's
   * OpenGL (bottom-up) renders (openvla, openpi and lerobot LIBERO evaluation code).
   */
  record Rotate180() implements ImageStep {
    @Override
    public String name() {
      return "rotate180";
    }

    @Override
    public RgbImage apply(RgbImage im) {
      return Geometry.rotate180(im);
    }
  }

  /** Flip rows only ({@code img[::-1]}): LIBERO's own dataset tools (Liu et al. 2023, arXiv:2306.03310). */
  record FlipRows() implements ImageStep {
    @Override
    public String name() {
      return "flip-rows";
    }

    @Override
    public RgbImage apply(RgbImage im) {
      return Geometry.flipRows(im);
    }
  }

  /**
   * Resize to {@code height × width} with the given method.
   *
   * @param height output rows ≥ 1
   * @param width output columns ≥ 1
   * @param method resampling method (see {@link ResizeMethod} for each one's source)
   */
  record Resize(int height, int width, ResizeMethod method) implements ImageStep {
    /** @throws IllegalArgumentException on non-positive sizes */
    public Resize {
      if (height < 1 || width < 1) {
        throw new IllegalArgumentException("resize target must be positive, got " + height + "x" + width);
      }
    }

    @Override
    public String name() {
      return "resize(" + height + "x" + width + ", " + method.id() + ")";
    }

    @Override
    public RgbImage apply(RgbImage im) {
      return switch (method) {
        case TF_BILINEAR -> TfResize.bilinear(im, height, width);
        case TF_LANCZOS3_ANTIALIAS -> TfResize.resize(im, height, width, TfResize.Kernel.LANCZOS3, true);
        case PIL_BILINEAR -> PilResize.bilinear(im, height, width);
      };
    }
  }

  /**
   * OpenVLA's center crop by area (arXiv:2406.09246, {@code crop_and_resize} in its eval
   * utilities): each side × √{@code areaScale}, centered, resampled back to the input size with
   * {@code tf.image.crop_and_resize} (bilinear) on the image as float32 in [0, 1]. See {@link
   * CenterCropResize}.
   *
   * @param areaScale fraction of the area kept, in (0, 1]; OpenVLA uses 0.9
   */
  record CenterCrop(double areaScale) implements ImageStep {
    /** @throws IllegalArgumentException unless 0 < areaScale ≤ 1 */
    public CenterCrop {
      if (!(areaScale > 0 && areaScale <= 1)) {
        throw new IllegalArgumentException("center crop area scale must be in (0, 1], got " + areaScale);
      }
    }

    @Override
    public String name() {
      return "center-crop(area=" + areaScale + ")";
    }

    @Override
    public RgbImage apply(RgbImage im) {
      return CenterCropResize.apply(im, areaScale);
    }
  }

  /**
   * openpi's {@code image_tools.resize_with_pad} (Physical Intelligence, openpi): keep the aspect
   * ratio, resize with PIL bilinear so the image fits, and paste it centered on a black canvas.
   *
   * @param height output rows ≥ 1
   * @param width output columns ≥ 1
   */
  record ResizeWithPad(int height, int width) implements ImageStep {
    /** @throws IllegalArgumentException on non-positive sizes */
    public ResizeWithPad {
      if (height < 1 || width < 1) {
        throw new IllegalArgumentException("resize target must be positive, got " + height + "x" + width);
      }
    }

    @Override
    public String name() {
      return "resize-with-pad(" + height + "x" + width + ")";
    }

    @Override
    public RgbImage apply(RgbImage im) {
      return PilResize.resizeWithPad(im, height, width);
    }
  }
}
