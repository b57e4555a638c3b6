package org.vla4j.report;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vla4j.rollout.EpisodeMonitor;
import org.vla4j.rollout.StepDiagnostics;
import org.vla4j.rollout.StepRecord;
import org.vla4j.sim.env.Observation;

/**
 * An {@link EpisodeMonitor} that keeps the frames an episode's agent saw, for a video: every
 * {@code stride}-th step, the agentview image and (when rendered) the wrist image side by side,
 * upright. It never stops the episode. Memory: one {@code [H, 2W, 3]} image per kept step.
 */
public final class FrameRecorder implements EpisodeMonitor {
  private final int stride;
  private final List<BufferedImage> frames = new ArrayList<>();

  /** @param stride keep every stride-th step, ≥ 1 (2 at 20 Hz control gives a 10 fps video) */
  public FrameRecorder(int stride) {
    if (stride < 1) throw new IllegalArgumentException("frame stride must be >= 1, got " + stride);
    this.stride = stride;
  }

  @Override
  public Optional<String> onStep(StepRecord record, Observation seen, StepDiagnostics diagnostics) {
    if (record.step() % stride == 0 && seen.agentviewImage() != null) frames.add(frame(seen));
    return Optional.empty();
  }

  /** The agentview (left) and wrist (right, if rendered) images of {@code o}, upright. */
  static BufferedImage frame(Observation o) {
    int s = o.imageSize();
    BufferedImage agent = ImageFiles.toImage(o.agentviewImage(), s, s, true);
    if (o.eyeInHandImage() == null) return agent;
    BufferedImage both = new BufferedImage(2 * s, s, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = both.createGraphics();
    g.drawImage(agent, 0, 0, null);
    g.drawImage(ImageFiles.toImage(o.eyeInHandImage(), s, s, true), s, 0, null);
    g.dispose();
    return both;
  }

  /** The kept frames, in step order. */
  public List<BufferedImage> frames() {
    return List.copyOf(frames);
  }
}
