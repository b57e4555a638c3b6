package org.vla4j.sim.suite;

import org.vla4j.mujoco.MjModel;

/**
 * The tabletop scene: a Franka Panda on a table ({@code /org/vla4j/sim/suite/panda_table.xml}), with
 * cameras {@code agentview} and {@code robot0_eye_in_hand}, into which task suites insert their
 * objects at the {@code <!-- vla4j:objects -->} marker.
 */
public final class PandaScene {
  private PandaScene() {}

  /** Classpath location of the scene's MJCF. */
  public static final String RESOURCE = "/org/vla4j/sim/suite/panda_table.xml";
  /** Marker inside {@code <worldbody>} where task objects go. */
  public static final String OBJECTS_MARKER = "<!-- vla4j:objects -->";
  /** The front camera, as robosuite/LIBERO name it. */
  public static final String AGENTVIEW = "agentview";
  /** The wrist camera, as robosuite/LIBERO name it. */
  public static final String EYE_IN_HAND = "robot0_eye_in_hand";
  /** Camera names, in observation order. */
  public static final java.util.List<String> CAMERAS = java.util.List.of(AGENTVIEW, EYE_IN_HAND);
  /** Default image side, pixels (LIBERO's training data are 128×128). */
  public static final int DEFAULT_IMAGE_SIZE = 128;
  /** Height of the table top above the floor, metres. */
  public static final double TABLE_TOP_Z = 0.90;

  /** Marker inside {@code <default>} where task object classes go. */
  public static final String DEFAULTS_MARKER = "<!-- vla4j:defaults -->";

  /** The scene's MJCF with {@code objectsXml} inserted into the world body. */
  public static String xml(String objectsXml) {
    return xml("", objectsXml);
  }

  /** The scene's MJCF with default classes and objects inserted at their markers. */
  public static String xml(String defaultsXml, String objectsXml) {
    String base = MjModel.readResource(RESOURCE);
    if (!base.contains(OBJECTS_MARKER) || !base.contains(DEFAULTS_MARKER)) {
      throw new IllegalStateException(RESOURCE + " lacks the vla4j:objects or vla4j:defaults marker");
    }
    return base.replace(DEFAULTS_MARKER, defaultsXml).replace(OBJECTS_MARKER, objectsXml);
  }

  /** Compiles the bare scene (robot and table, no objects). */
  public static MjModel load() {
    return MjModel.fromXml(xml(""));
  }
}
