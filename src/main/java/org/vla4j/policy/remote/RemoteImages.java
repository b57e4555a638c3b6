package org.vla4j.policy.remote;

import java.util.ArrayList;
import java.util.List;
import org.vla4j.policy.steps.image.ImageStep;
import org.vla4j.policy.steps.image.RgbImage;

/**
 * Client-side image preprocessing: the named {@link ImageStep}s a client applies to the env's
 * images (rows bottom-up) before sending, listed in the client's pipeline.
 *
 * @param steps applied in order
 */
public record RemoteImages(List<ImageStep> steps) {
  public RemoteImages {
    steps = List.copyOf(steps);
  }

  /** Applies the steps. */
  public RgbImage apply(RgbImage im) {
    RgbImage out = im;
    for (ImageStep s : steps) out = s.apply(out);
    return out;
  }

  /** Step names prefixed {@code client-image:}. */
  public List<String> names() {
    List<String> n = new ArrayList<>();
    for (ImageStep s : steps) n.add("client-image:" + s.name());
    return n;
  }
}
