package org.vla4j.policy.steps.image;

import java.util.Arrays;
import java.util.List;

/** Resampling methods, each named after the library whose exact semantics it reproduces. */
public enum ResizeMethod {
  /** {@code tf.image.resize(method="bilinear", antialias=False)}: half-pixel centers, float32. */
  TF_BILINEAR("tf-bilinear"),
  /**
   * {@code tf.image.resize(method="lanczos3", antialias=True)}, OpenVLA's resize for LIBERO:
   * TensorFlow's {@code scale_and_translate} with a Lanczos kernel of radius 3 stretched by 1/scale
   * when downsampling.
   */
  TF_LANCZOS3_ANTIALIAS("tf-lanczos3-antialias"),
  /** PIL {@code Image.resize(..., Image.BILINEAR)} (Pillow's fixed-point 8-bit resampler). */
  PIL_BILINEAR("pil-bilinear");

  private final String id;

  ResizeMethod(String id) {
    this.id = id;
  }

  /** The name used in configs and on the command line. */
  public String id() {
    return id;
  }

  /**
   * @throws IllegalArgumentException for an unknown id; the message lists the valid ones
   */
  public static ResizeMethod byId(String id) {
    for (ResizeMethod m : values()) {
      if (m.id.equals(id)) {
        return m;
      }
    }
    List<String> ids = Arrays.stream(values()).map(ResizeMethod::id).toList();
    throw new IllegalArgumentException("unknown resize method '" + id + "'; valid methods: " + ids);
  }
}
