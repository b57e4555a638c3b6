package org.vla4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.vla4j.rollout.EpisodeMonitor;
import org.vla4j.rollout.EpisodeSpec;
import org.vla4j.rollout.StepDiagnostics;
import org.vla4j.rollout.StepRecord;
import org.vla4j.sim.env.Observation;

/**
 * Records demonstrations from inside the rollout loop: an {@link EpisodeMonitor} factory whose
 * monitors store, for every agent step (wait steps are not recorded), a LeRobot frame — the
 * observation the agent acted on (both cameras as PNG, the 8-D state) and the step's label (the
 * agent's {@link StepDiagnostics#label()}, else the executed action) — and count the pixel values for
 * the image statistics. The collector takes each finished episode's frames with {@link #take}.
 *
 * <p>With {@code stopOnStall} a monitor ends the episode (failure_reason {@code monitor:stall}) once
 * the hand and the fingers (state dims 0–2 and 6–7) stayed within {@link #STALL_METRES} over the
 * last {@link #STALL_STEPS} frames: the rest of a stalled DAgger episode would repeat one frame and
 * one label. Thread-safe: monitors run on the rollout workers, {@link #take} on the writer's thread.
 */
public final class DemoRecorder implements EpisodeMonitor.Factory {
  /** A DAgger episode ends after this many steps in which the driver moved nothing more than {@link #STALL_METRES}. */
  public static final int STALL_STEPS = 40;

  /** Largest excursion of the hand position and of each finger over {@link #STALL_STEPS} steps that counts as a stall, metres. */
  public static final double STALL_METRES = 0.002;

  /** The monitor name a stall stops an episode with. */
  public static final String STALL = "stall";

  /**
   * What one episode recorded.
   *
   * @param frames the frames, in step order
   * @param pixelHistograms {@code [2 cameras][3 channels][256]} pixel-value counts (agentview, wrist)
   */
  public record Recording(List<Episode.Frame> frames, long[][][] pixelHistograms) {}

  private final boolean stopOnStall;
  private final Map<Integer, Recording> finished = new ConcurrentHashMap<>();

  /** @param stopOnStall end an episode when the agent stalls (DAgger drivers) */
  public DemoRecorder(boolean stopOnStall) {
    this.stopOnStall = stopOnStall;
  }

  @Override
  public EpisodeMonitor create(EpisodeSpec spec) {
    Recording rec = new Recording(new ArrayList<>(), new long[2][3][256]);
    finished.put(spec.index(), rec);
    return (record, seen, diagnostics) -> {
      if (record.isWait()) return Optional.empty();
      double[] label = diagnostics.label() != null ? diagnostics.label() : record.action();
      int n = seen.imageSize();
      rec.frames().add(new Episode.Frame(Png.encodeRgb(seen.agentviewImage(), n, n), Png.encodeRgb(seen.eyeInHandImage(), n, n),
          toFloat(seen.state8()), toFloat(label)));
      count(seen.agentviewImage(), rec.pixelHistograms()[0]);
      count(seen.eyeInHandImage(), rec.pixelHistograms()[1]);
      return stopOnStall && stalled(rec.frames()) ? Optional.of(STALL) : Optional.empty();
    };
  }

  /**
   * Removes and returns what the episode with this index recorded.
   *
   * @throws IllegalStateException if no episode with this index was recorded (or it was taken already)
   */
  public Recording take(int episodeIndex) {
    Recording r = finished.remove(episodeIndex);
    if (r == null) throw new IllegalStateException("no recording of episode " + episodeIndex);
    return r;
  }

  /** Drops the recording of an episode that is not kept (if any). */
  public void discard(int episodeIndex) {
    finished.remove(episodeIndex);
  }

  /** Whether hand position and fingers (state dims 0–2 and 6–7) stayed within {@link #STALL_METRES} over the last {@link #STALL_STEPS} frames. */
  static boolean stalled(List<Episode.Frame> frames) {
    int n = frames.size();
    if (n < STALL_STEPS) return false;
    for (int dim : new int[] {0, 1, 2, 6, 7}) {
      double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
      for (int i = n - STALL_STEPS; i < n; i++) {
        double v = frames.get(i).state()[dim];
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      if (hi - lo > STALL_METRES) return false;
    }
    return true;
  }

  private static void count(byte[] rgb, long[][] hist) {
    for (int i = 0; i < rgb.length; i += 3) {
      hist[0][rgb[i] & 0xff]++;
      hist[1][rgb[i + 1] & 0xff]++;
      hist[2][rgb[i + 2] & 0xff]++;
    }
  }

  static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
    return f;
  }
}
