package org.vla4j.policy.steps;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The three silent failures of the field, each a deliberate replacement of one named step of a
 * learned policy's processor pipeline ({@link ProcessorStep}), for failure drills ({@code eval
 * --toggle}, {@code drills}) and for the names the runtime monitor and the failure predicates give
 * their verdicts. The one list of fault names in vla4j: drills, monitor scores and replays take
 * theirs from here. A policy without the step (the scripted expert) must refuse the fault.
 */
public enum Fault {
  /** Nothing broken: the pipeline as the model's config.json builds it. */
  NONE("none", null, "nothing broken"),
  /** The camera image is not rotated 180° before the model sees it (the image orientation step is dropped). */
  NO_FLIP("no_flip", ProcessorStep.Kind.IMAGE, "skip the 180° image rotation the model was trained with"),
  /** The instruction is wrapped in a prompt template the model was not trained with ({@code rephrased}). */
  BAD_PROMPT("bad_prompt", ProcessorStep.Kind.PROMPT, "use a prompt template the model was not trained with"),
  /** Actions are unnormalized with another dataset's statistics: a wrong unnorm_key from the model's own statistics file. */
  BAD_UNNORM("bad_unnorm", ProcessorStep.Kind.UNNORMALIZE, "unnormalize actions with the wrong dataset statistics (unnorm_key)");

  private final String wireName;
  private final ProcessorStep.Kind replaces;
  private final String description;

  Fault(String wireName, ProcessorStep.Kind replaces, String description) {
    this.wireName = wireName;
    this.replaces = replaces;
    this.description = description;
  }

  /** The name used on the command line, in config.json, drill files and monitor verdicts, e.g. {@code no_flip}. */
  public String wireName() {
    return wireName;
  }

  /** The kind of pipeline step this fault replaces, or null for {@link #NONE}. */
  public ProcessorStep.Kind replaces() {
    return replaces;
  }

  /** What the fault breaks, one line. */
  public String description() {
    return description;
  }

  /** The three real faults (not {@link #NONE}), in the order bad_prompt, bad_unnorm, no_flip. */
  public static List<Fault> injected() {
    return List.of(BAD_PROMPT, BAD_UNNORM, NO_FLIP);
  }

  /** Wire names of {@link #injected()}: {@code bad_prompt, bad_unnorm, no_flip}. */
  public static List<String> injectedNames() {
    return injected().stream().map(Fault::wireName).toList();
  }

  /** Wire names of all values, {@code none} first. */
  public static List<String> wireNames() {
    return Arrays.stream(values()).map(Fault::wireName).toList();
  }

  /**
   * The fault with this wire name (case-insensitive).
   *
   * @throws IllegalArgumentException for an unknown name, listing the valid ones
   */
  public static Fault parse(String name) {
    for (Fault t : values()) if (t.wireName.equals(name.toLowerCase(Locale.ROOT))) return t;
    throw new IllegalArgumentException("unknown toggle '" + name + "'; valid toggles: " + String.join(", ", wireNames()));
  }
}
