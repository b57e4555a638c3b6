package org.vla4j.eval.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;
import org.vla4j.rollout.EpisodeMonitor;

/**
 * The runtime monitor an evaluation runs with, as the evaluation box sees it: a mode name for the
 * plan (it changes what episodes do, so a resumed run must have the same), the settings to record in
 * config.json, and the per-episode monitor factory. The monitor itself lives in the diagnosis box,
 * which builds these ({@code org.vla4j.diagnose.monitor.MonitorSettings#choice()}); evaluation only
 * runs it, so it does not depend on the diagnosis box (which runs evaluations for its drills).
 *
 * @param mode {@code off}, {@code warn} or {@code stop}
 * @param settings the monitor's settings as config.json records them, or null when off
 * @param factory the per-episode monitors ({@link EpisodeMonitor.Factory#NONE} when off)
 */
public record MonitorChoice(String mode, JsonNode settings, EpisodeMonitor.Factory factory) {
  /** No runtime monitor. */
  public static final MonitorChoice OFF = new MonitorChoice("off", null, EpisodeMonitor.Factory.NONE);

  public MonitorChoice {
    java.util.Objects.requireNonNull(mode, "mode");
    java.util.Objects.requireNonNull(factory, "factory");
  }

  /** Makes the monitor of a mode name with its default settings (to replay a logged run). */
  @FunctionalInterface
  public interface ByMode extends Function<String, MonitorChoice> {
    /** Knows only {@code off}: for runs and replays without a monitor. */
    ByMode OFF_ONLY = mode -> {
      if (!mode.equals("off")) throw new IllegalArgumentException("this command cannot run monitor mode '" + mode + "'; valid: off");
      return OFF;
    };
  }
}
