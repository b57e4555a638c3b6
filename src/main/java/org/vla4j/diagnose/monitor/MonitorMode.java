package org.vla4j.diagnose.monitor;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What the runtime monitor does with a verdict ({@code eval --monitor}). */
public enum MonitorMode {
  /** No monitor: episodes run and log exactly as without one. */
  OFF,
  /** Log events to {@code monitor.jsonl}; the episode goes on. */
  WARN,
  /** Log the event and end the episode with failure_reason {@code monitor:<name>}. */
  STOP;

  /** The name on the command line, e.g. {@code warn}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code off}, {@code warn} or {@code stop} (case-insensitive).
   *
   * @throws IllegalArgumentException for anything else, listing the valid modes
   */
  public static MonitorMode parse(String s) {
    for (MonitorMode m : values()) if (m.wireName().equals(s.toLowerCase(Locale.ROOT))) return m;
    throw new IllegalArgumentException("unknown monitor mode '" + s + "'; valid modes: "
        + String.join(", ", Arrays.stream(values()).map(MonitorMode::wireName).toList()));
  }

  /** All wire names. */
  public static List<String> wireNames() {
    return Arrays.stream(values()).map(MonitorMode::wireName).toList();
  }
}
