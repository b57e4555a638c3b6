package org.vla4j.sim.libero.scene;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * LIBERO's problem classes ({@code libero/libero/envs/problems/*.py}) that the four released suites use,
 * with the constants each one passes to the arena, the robot and the cameras.
 */
public enum ProblemClass {
  /** {@code Libero_Floor_Manipulation}: libero_object. OnTheGroundPanda, {@code EmptyArena}. */
  FLOOR("libero_floor_manipulation", "floor", "scenes/libero_floor_base_style.xml", "light-gray", "light-gray-plaster", false,
      new Camera[] {
          new Camera("agentview", new double[] {0.8965773716836134, 5.216182733499864e-07, 0.65},
              new double[] {0.6182166934013367, 0.3432307541370392, 0.3432314395904541, 0.6182177066802979}),
          new Camera("frontview", new double[] {1.0, 0.0, 0.65}, new double[] {0.56, 0.43, 0.43, 0.56}),
          Camera.GALLERY}),
  /** {@code Libero_Tabletop_Manipulation}: libero_spatial, libero_goal. MountedPanda, {@code TableArena}. */
  TABLETOP("libero_tabletop_manipulation", "main_table", "scenes/libero_tabletop_base_style.xml", "light-gray", "light-gray-plaster", true,
      new Camera[] {
          new Camera("agentview", new double[] {0.6586131746834771, 0.0, 1.6103500240372423}, Camera.AGENT_QUAT),
          new Camera("frontview", new double[] {1.0, 0.0, 1.48}, new double[] {0.56, 0.43, 0.43, 0.56}),
          Camera.GALLERY}),
  /** {@code Libero_Kitchen_Tabletop_Manipulation}: libero_10. MountedPanda, {@code KitchenTableArena}. */
  KITCHEN("libero_kitchen_tabletop_manipulation", "kitchen_table", "scenes/libero_kitchen_tabletop_base_style.xml", "gray-ceramic", "yellow-linen", true,
      new Camera[] {
          new Camera("agentview", new double[] {0.6586131746834771, 0.0, 1.6103500240372423}, Camera.AGENT_QUAT),
          new Camera("frontview", new double[] {1.0, 0.0, 1.48}, new double[] {0.56, 0.43, 0.43, 0.56}),
          Camera.GALLERY, Camera.PAPER}),
  /** {@code Libero_Living_Room_Tabletop_Manipulation}: libero_10. OnTheGroundPanda, {@code LivingRoomTableArena}. */
  LIVING_ROOM("libero_living_room_tabletop_manipulation", "living_room_table", "scenes/libero_living_room_tabletop_base_style.xml", "wood-plank", "light-gray-plaster", false,
      new Camera[] {
          new Camera("agentview", new double[] {0.6065773716836134, 0.0, 0.96}, new double[] {0.6182166934013367, 0.3432307541370392, 0.3432314395904541, 0.6182177066802979}),
          new Camera("frontview", new double[] {1.5, 0.0, 0.9}, new double[] {0.56, 0.43, 0.43, 0.56}),
          Camera.GALLERY, new Camera("paperview", new double[] {2.1, 0.735, 1.875}, new double[] {0.513, 0.353, 0.443, 0.645})}),
  /** {@code Libero_Study_Tabletop_Manipulation}: libero_10. MountedPanda, {@code StudyTableArena}. */
  STUDY("libero_study_tabletop_manipulation", "study_table", "scenes/libero_study_base_style.xml", "light-gray", "light-gray-plaster", true,
      new Camera[] {
          new Camera("agentview", new double[] {0.4586131746834771, 0.0, 1.6103500240372423}, Camera.AGENT_QUAT),
          new Camera("frontview", new double[] {1.0, 0.0, 1.48}, new double[] {0.56, 0.43, 0.43, 0.56}),
          Camera.GALLERY, Camera.PAPER});

  /** A camera that {@code _setup_camera} adds or re-poses ({@code Arena.set_camera}); quaternion wxyz. */
  public record Camera(String name, double[] pos, double[] quat) {
    static final double[] AGENT_QUAT = {0.6380177736282349, 0.3048497438430786, 0.30484986305236816, 0.6380177736282349};
    static final Camera GALLERY = new Camera("galleryview", new double[] {2.844547668904445, 2.1279684793440667, 3.128616846013882},
        new double[] {0.42261379957199097, 0.23374411463737488, 0.41646939516067505, 0.7702690958976746});
    static final Camera PAPER = new Camera("paperview", new double[] {2.1, 0.535, 2.075}, new double[] {0.513, 0.353, 0.443, 0.645});

    public Camera {
      pos = pos.clone();
      quat = quat.clone();
    }

    @Override
    public double[] pos() {
      return pos.clone();
    }

    @Override
    public double[] quat() {
      return quat.clone();
    }
  }

  private final String liberoName;
  private final String workspace;
  private final String sceneXml;
  private final String floorStyle;
  private final String wallStyle;
  private final boolean mounted;
  private final List<Camera> cameras;

  ProblemClass(String liberoName, String workspace, String sceneXml, String floorStyle, String wallStyle, boolean mounted, Camera[] cameras) {
    this.liberoName = liberoName;
    this.workspace = workspace;
    this.sceneXml = sceneXml;
    this.floorStyle = floorStyle;
    this.wallStyle = wallStyle;
    this.mounted = mounted;
    this.cameras = List.of(cameras);
  }

  /**
   * The class a BDDL problem names, e.g. {@code LIBERO_Floor_Manipulation} (case-insensitive, as LIBERO's
   * {@code TASK_MAPPING}).
   *
   * @throws IllegalArgumentException naming the valid classes
   */
  public static ProblemClass of(String problemName) {
    String p = problemName.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(c -> c.liberoName.equals(p)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "unsupported LIBERO problem class '" + problemName + "'; supported: " + Arrays.stream(values()).map(c -> c.liberoName).toList()));
  }

  /** LIBERO's lower-cased class name. */
  public String liberoName() {
    return liberoName;
  }

  /**
   * The workspace name: region keys containing it become zone sites of the arena's table or floor body
   * ({@code floor}, {@code main_table}, {@code kitchen_table}, {@code living_room_table}, {@code study_table}).
   */
  public String workspace() {
    return workspace;
  }

  /** The fixture category the arena itself provides, skipped by {@code _load_fixtures_in_arena} ({@code table} for the tabletop). */
  public String arenaFixtureCategory() {
    return this == TABLETOP ? "table" : workspace;
  }

  /** The arena MJCF under LIBERO's assets folder. */
  public String sceneXml() {
    return sceneXml;
  }

  /** {@code scene_properties.floor_style}. */
  public String floorStyle() {
    return floorStyle;
  }

  /** {@code scene_properties.wall_style}. */
  public String wallStyle() {
    return wallStyle;
  }

  /** MountedPanda (RethinkMount) if true, OnTheGroundPanda (no mount) if false. */
  public boolean mounted() {
    return mounted;
  }

  /** Cameras set by {@code _setup_camera}, in call order. */
  public List<Camera> cameras() {
    return cameras;
  }
}
