package org.vla4j.eval.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A deliberate break of one piece of a learned policy's pre- or post-processing, for failure drills
 * ({@code eval --toggle}). The runner provider hands it to the policy factory, which applies it; a
 * policy without that processing (the scripted expert) must refuse it.
 */
public enum Toggle {
  /** Nothing broken. */
  NONE("none", "nothing broken"),
  /** The camera image is not rotated 180° before the model sees it. */
  NO_FLIP("no_flip", "skip the 180° image rotation the model was trained with"),
  /** The instruction is wrapped in a prompt template the model was not trained with. */
  BAD_PROMPT("bad_prompt", "use a prompt template the model was not trained with"),
  /** Actions are unnormalized with another dataset's statistics (a wrong unnorm_key). */
  BAD_UNNORM("bad_unnorm", "unnormalize actions with the wrong dataset statistics (unnorm_key)");

  private final String wireName;
  private final String description;

  Toggle(String wireName, String description) {
    this.wireName = wireName;
    this.description = description;
  }

  /** The name used on the command line and in config.json, e.g. {@code no_flip}. */
  public String wireName() {
    return wireName;
  }

  /** What the toggle breaks, one line. */
  public String description() {
    return description;
  }

  /** Wire names of all toggles, {@code none} first. */
  public static List<String> wireNames() {
    return Arrays.stream(values()).map(Toggle::wireName).toList();
  }

  /**
   * The toggle with this wire name (case-insensitive).
   *
   * @throws IllegalArgumentException for an unknown name, listing the valid ones
   */
  public static Toggle parse(String name) {
    for (Toggle t : values()) if (t.wireName.equals(name.toLowerCase(Locale.ROOT))) return t;
    throw new IllegalArgumentException("unknown toggle '" + name + "'; valid toggles: " + String.join(", ", wireNames()));
  }
}
