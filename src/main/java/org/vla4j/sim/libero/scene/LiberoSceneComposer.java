package org.vla4j.sim.libero.scene;

import static org.vla4j.sim.libero.scene.MjcfDoc.arrayToString;
import static org.vla4j.sim.libero.scene.MjcfDoc.children;
import static org.vla4j.sim.libero.scene.MjcfDoc.named;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vla4j.sim.libero.LiberoPaths;
import org.vla4j.sim.libero.bddl.BddlInstance;
import org.vla4j.sim.libero.bddl.BddlProblem;
import org.vla4j.sim.libero.bddl.BddlRegion;
import org.w3c.dom.Element;

/**
 * Composes a LIBERO task's MuJoCo model from its BDDL problem and the LIBERO and robosuite asset folders
 * alone, in the order and with the edits robosuite 1.4.1 and LIBERO apply:
 *
 * <ol>
 *   <li>the world: robosuite's {@code models/assets/base.xml} ({@code MujocoWorldBase}), with
 *       {@code option timestep="0.002"};
 *   <li>the arena of the problem class ({@code libero/envs/arenas/*.py}): its scene XML, floor and wall
 *       textures from {@code scene_properties} ({@code arenas/style.py}), collision geoms recoloured except
 *       the floor, cameras re-posed ({@code problems/*.py: _setup_camera}), the BDDL's table or floor zones
 *       as box sites of the workspace body ({@code _load_sites_in_arena}, {@code objects/target_zones.py});
 *   <li>the robot ({@code robots/on_the_ground_panda.py}, {@code mounted_panda.py}): robosuite's Panda
 *       {@code robot.xml} with unnamed geoms named {@code g<i>_vis / g<i>_col}, prefix {@code robot0_},
 *       collision geoms recoloured ({@code MujocoXMLModel}), joint damping, its mount (RethinkMount or the
 *       empty NullMount, prefix {@code mount0_}) under the base, the Panda gripper (prefix {@code gripper0_})
 *       under {@code robot0_right_hand}, armature 5/(i+1) and frictionloss 0.1 ({@code robots/robot.py}),
 *       the base placed at the arena's offset minus the mount's bottom offset;
 *   <li>the objects, then the fixtures ({@code MujocoXMLObject._get_object_subtree}): the asset's
 *       {@code object} body renamed {@code main}, unnamed geoms named {@code g<i>}, a free joint
 *       {@code joint0} (damping 0.0005) for objects, a {@code default_site}, everything prefixed
 *       {@code <instance>_};
 *   <li>merged as {@code ManipulationTask} does: arena, robot, objects + fixtures ({@code MujocoXML.merge},
 *       assets de-duplicated by tag and name).
 * </ol>
 */
public final class LiberoSceneComposer {
  /** robosuite {@code ROBOT_COLLISION_COLOR}. */
  static final double[] ROBOT_COLLISION = {0, 0.5, 0, 1};
  /** robosuite {@code GRIPPER_COLLISION_COLOR}. */
  static final double[] GRIPPER_COLLISION = {0, 0, 0.5, 1};
  /** robosuite {@code MOUNT_COLLISION_COLOR} / {@code ENVIRONMENT_COLLISION_COLOR}. */
  static final double[] ENVIRONMENT_COLLISION = {0.5, 0.5, 0, 1};
  /** Panda arm joint damping set by LIBERO's robot classes. */
  static final double[] ARM_DAMPING = {0.1, 0.1, 0.1, 0.1, 0.1, 0.01, 0.01};
  /** robosuite's simulation timestep, seconds. */
  static final double TIMESTEP = 0.002;

  private final LiberoPaths paths;

  /** A composer reading from these installs. */
  public LiberoSceneComposer(LiberoPaths paths) {
    this.paths = Objects.requireNonNull(paths);
  }

  /**
   * Composes the model of one problem.
   *
   * @throws IllegalArgumentException if the problem class, an object category or an asset file is unknown
   *     (the message names it and the valid choices)
   */
  public LiberoScene compose(BddlProblem problem) {
    ProblemClass pc = ProblemClass.of(problem.problemName());
    Arenas.Arena arena = Arenas.load(paths, pc);

    // robot (built before the arena is finished, as robosuite loads robots first)
    MjcfDoc robot = Robots.panda(paths, pc.mounted());
    double[] base = Robots.placeBase(robot, arena.robotXpos(), pc.mounted());

    // cameras, then sites of the workspace zones
    for (ProblemClass.Camera c : pc.cameras()) Arenas.setCamera(arena.doc(), c.name(), c.pos(), c.quat());
    List<String> regionSites = Arenas.addZoneSites(arena, pc, problem);

    // objects and fixtures
    List<ObjectModels.Instance> objects = new ArrayList<>();
    for (BddlInstance o : problem.objects()) objects.add(ObjectModels.load(paths, o, true));
    List<ObjectModels.Instance> fixtures = new ArrayList<>();
    for (BddlInstance f : problem.fixtures()) {
      if (f.category().equals(pc.arenaFixtureCategory())) continue;
      fixtures.add(ObjectModels.load(paths, f, false));
    }

    // ManipulationTask
    MjcfDoc world = MjcfDoc.load(paths.robosuiteAssets().resolve("base.xml"));
    world.compiler.removeAttribute("meshdir"); // every file is absolute (resolve_asset_dependency)
    Element option = children(world.root, "option").getFirst();
    option.setAttribute("timestep", MjcfDoc.pyFloat(TIMESTEP));
    merge(world, arena.doc(), true);
    merge(world, robot, true);
    Map<String, String> roots = new LinkedHashMap<>();
    List<ObjectModels.Instance> all = new ArrayList<>(objects);
    all.addAll(fixtures);
    for (ObjectModels.Instance o : all) {
      mergeAssets(world, o.doc());
      world.worldbody.appendChild(world.importCopy(o.body()));
      roots.put(o.name(), o.body().getAttribute("name"));
    }
    for (ObjectModels.Instance f : fixtures) mergeAssets(world, f.doc());
    return new LiberoScene(problem, pc, world.toXml(), roots, regionSites, base);
  }

  /** {@code MujocoXML.merge}: bodies of the worldbody, assets, actuators, sensors, tendons, equalities, contacts. */
  static void merge(MjcfDoc into, MjcfDoc other, boolean bodies) {
    merge(into, other, bodies ? into.worldbody : null);
  }

  /** {@code MujocoXML.merge(other, merge_body)}: {@code target} receives the other's worldbody children. */
  static void merge(MjcfDoc into, MjcfDoc other, Element target) {
    if (target != null) for (Element b : children(other.worldbody)) target.appendChild(into.importCopy(b));
    mergeAssets(into, other);
    for (Element e : children(other.actuator)) into.actuator.appendChild(into.importCopy(e));
    for (Element e : children(other.sensor)) into.sensor.appendChild(into.importCopy(e));
    for (Element e : children(other.tendon)) into.tendon.appendChild(into.importCopy(e));
    for (Element e : children(other.equality)) into.equality.appendChild(into.importCopy(e));
    for (Element e : children(other.contact)) into.contact.appendChild(into.importCopy(e));
  }

  /**
   * {@code MujocoXML.merge_assets}: an asset is added unless one of the same tag and name is there already
   * (unnamed ones match any unnamed one of the same tag, as {@code find_elements} with {@code name=None} does).
   */
  static void mergeAssets(MjcfDoc into, MjcfDoc other) {
    for (Element a : children(other.asset)) {
      String name = a.hasAttribute("name") ? a.getAttribute("name") : null;
      boolean present = MjcfDoc.find(into.asset, e -> e.getTagName().equals(a.getTagName())
          && Objects.equals(e.hasAttribute("name") ? e.getAttribute("name") : null, name)) != null;
      if (!present) into.asset.appendChild(into.importCopy(a));
    }
  }

  /** The arena and zone-site step. */
  static final class Arenas {
    private Arenas() {}

    /** A loaded arena with the workspace body that receives zone sites and the robot's base offset. */
    record Arena(MjcfDoc doc, Element workspaceBody, double[] robotXpos, double[] workspaceOffset) {}

    static Arena load(LiberoPaths paths, ProblemClass pc) {
      MjcfDoc doc = MjcfDoc.load(paths.assetsDir().resolve(pc.sceneXml()));
      // robosuite Arena.__init__: recolour collision geoms except the floor
      MjcfDoc.recolorCollisionGeoms(doc.worldbody, ENVIRONMENT_COLLISION, e -> "floor".equals(e.getAttribute("name")));
      setTexture(doc, "texplane", Styles.floor(pc.floorStyle()));
      setTexture(doc, "tex-wall", Styles.wall(pc.wallStyle()));
      return switch (pc) {
        // bddl_base_domain._load_model: EmptyArena, robot at base_xpos_offset["empty"]
        case FLOOR -> new Arena(doc, body(doc, "floor"), new double[] {-0.6, 0, 0}, new double[] {0, 0, 0});
        // TableArena(table_full_size=(1.0, 1.2, 0.05), table_offset=(0, 0, 0.90), table_friction=(0.6, 0.005, 0.0001))
        case TABLETOP -> {
          configureTable(doc, new double[] {1.0, 1.2, 0.05}, new double[] {0, 0, 0.90}, new double[] {0.6, 0.005, 0.0001});
          yield new Arena(doc, body(doc, "table"), new double[] {-0.16 - 1.0 / 2, 0, 0}, new double[] {0, 0, 0.90});
        }
        // KitchenTableArena(table_full_size=(1.0, 1.2, 0.05), table_offset=(0, 0, 0.90)), default friction
        case KITCHEN -> {
          configureTable(doc, new double[] {1.0, 1.2, 0.05}, new double[] {0, 0, 0.90}, new double[] {1, 0.005, 0.0001});
          yield new Arena(doc, body(doc, "table"), new double[] {-0.16 - 1.0 / 2, 0, 0}, new double[] {0, 0, 0.90});
        }
        // LivingRoomTableArena: the table body as written; robot at (-0.16 - 0.70 / 2, 0, 0.42)
        case LIVING_ROOM -> new Arena(doc, body(doc, "living_room_table"), new double[] {-0.16 - 0.70 / 2, 0, 0.42}, new double[] {0, 0, 0.41});
        // StudyTableArena: the study_table body as written; robot at (-0.25 - 1.0 / 2, 0, 0)
        case STUDY -> new Arena(doc, body(doc, "study_table"), new double[] {-0.25 - 1.0 / 2, 0, 0}, new double[] {-0.2, 0, 0.867});
      };
    }

    private static Element body(MjcfDoc doc, String name) {
      Element b = MjcfDoc.find(doc.worldbody, named("body", name));
      if (b == null) throw new IllegalArgumentException(doc.file + " has no body '" + name + "'");
      return b;
    }

    /** LIBERO {@code TableArena.configure_location} / {@code KitchenTableArena.configure_location}. */
    private static void configureTable(MjcfDoc doc, double[] fullSize, double[] offset, double[] friction) {
      double[] half = {fullSize[0] / 2, fullSize[1] / 2, fullSize[2] / 2};
      Element floor = MjcfDoc.find(doc.worldbody, named("geom", "floor"));
      if (floor != null) floor.setAttribute("pos", arrayToString(0.0, 0.0, 0.0));
      Element table = body(doc, "table");
      table.setAttribute("pos", arrayToString(0 + 0 + offset[0], 0 + 0 + offset[1], 0 - half[2] + offset[2]));
      Element col = MjcfDoc.find(table, named("geom", "table_collision"));
      col.setAttribute("size", arrayToString(half));
      col.setAttribute("friction", arrayToString(friction));
      MjcfDoc.find(table, named("geom", "table_visual")).setAttribute("size", arrayToString(half));
      MjcfDoc.find(table, named("site", "table_top")).setAttribute("pos", arrayToString(0, 0, half[2]));
      double[] dx = {0.1, -0.1, -0.1, 0.1};
      double[] dy = {0.1, 0.1, -0.1, -0.1};
      for (int i = 0; i < 4; i++) {
        Element leg = MjcfDoc.find(table, named("geom", "table_leg" + (i + 1) + "_visual"));
        double x = 0;
        if (half[0] > Math.abs(dx[i] * 2.0)) x += Math.signum(dx[i]) * half[0] - dx[i];
        double y = 0;
        if (half[1] > Math.abs(dy[i] * 2.0)) y += Math.signum(dy[i]) * half[1] - dy[i];
        double z = (offset[2] - half[2]) / 2.0;
        leg.setAttribute("pos", arrayToString(x, y, -z));
        leg.setAttribute("size", arrayToString(0.025, z));
      }
    }

    private static void setTexture(MjcfDoc doc, String name, String fileName) {
      Element t = MjcfDoc.find(doc.asset, named("texture", name));
      if (t == null) return;
      Path f = Path.of(t.getAttribute("file"));
      t.setAttribute("file", f.resolveSibling(fileName).toString());
    }

    /** robosuite {@code Arena.set_camera}. */
    static void setCamera(MjcfDoc doc, String name, double[] pos, double[] quat) {
      Element cam = MjcfDoc.find(doc.worldbody, named("camera", name));
      if (cam == null) {
        cam = doc.element("camera", "name", name);
        doc.worldbody.appendChild(cam);
      }
      cam.setAttribute("pos", arrayToString(pos));
      cam.setAttribute("quat", arrayToString(quat));
    }

    /** {@code _load_sites_in_arena}: regions of the workspace become {@code TargetZone} box sites. */
    static List<String> addZoneSites(Arena arena, ProblemClass pc, BddlProblem problem) {
      List<String> out = new ArrayList<>();
      for (BddlRegion r : problem.regions()) {
        if (!r.key().contains(pc.workspace())) continue; // LIBERO tests the key by substring
        if (r.ranges().isEmpty()) throw new IllegalArgumentException(problem.file() + ": workspace region " + r.key() + " has no :ranges");
        BddlRegion.Range g = r.ranges().getFirst();
        double[] half = g.halfSize();
        double[] c = g.centre();
        double[] off = arena.workspaceOffset();
        // TargetZone(z_offset=0.02 by default); kitchen, living room and study add the workspace offset,
        // the kitchen then subtracts its 0.90 again
        double[] pos = switch (pc) {
          case FLOOR, TABLETOP -> new double[] {c[0], c[1], 0.02};
          case KITCHEN -> new double[] {c[0] + off[0], c[1] + off[1], off[2] + -0.90};
          case LIVING_ROOM, STUDY -> new double[] {c[0] + off[0], c[1] + off[1], off[2]};
        };
        Element site = arena.doc().element("site", "name", r.key(), "pos", arrayToString(pos), "quat", arrayToString(1, 0, 0, 0),
            "rgba", arrayToString(r.rgba()), "size", arrayToString(half[0], half[1], 0.007), "type", "box");
        arena.workspaceBody().appendChild(site);
        out.add(r.key());
      }
      return out;
    }
  }

  /** LIBERO {@code arenas/style.py}. */
  static final class Styles {
    private Styles() {}

    static final Map<String, String> FLOOR = Map.of(
        "dark", "dark_floor_texture.png", "rustic", "rustic_floor.png", "light-gray", "light-gray-floor-tile.png",
        "white-marble", "white_marble_floor.png", "wood-plank", "seamless_wood_planks_floor.png",
        "brown-ceramic", "brown_ceramic_tile.png", "gray-ceramic", "gray_ceramic_tile.png",
        "tile_grigia_caldera", "tile_grigia_caldera_porcelain_floor.png");
    static final Map<String, String> WALL = Map.of(
        "light-blue", "light_blue_wall.png", "dark-blue", "dark_blue_wall.png", "dark-gray-plaster", "dark_gray_plaster.png",
        "gray-plaster", "gray_plaster.png", "dark-green", "dark_green_plaster_wall.png", "light-gray-plaster", "light-gray-plaster.png",
        "ceramic", "ceramic.png", "white", "white_wall.png", "yellow-linen", "yellow_linen_wall_texture.png");

    static String floor(String style) {
      return lookup(FLOOR, "floor", style);
    }

    static String wall(String style) {
      return lookup(WALL, "wall", style);
    }

    private static String lookup(Map<String, String> m, String what, String style) {
      String f = m.get(style);
      if (f == null) throw new IllegalArgumentException("unknown " + what + " style '" + style + "'; valid: " + new java.util.TreeSet<>(m.keySet()));
      return f;
    }
  }

  /** The robot step. */
  static final class Robots {
    private Robots() {}

    /** A robosuite {@code MujocoXMLModel}: unnamed geoms named, prefix added, collision geoms recoloured. */
    static MjcfDoc xmlModel(Path file, String prefix, double[] collisionRgba) {
      MjcfDoc d = MjcfDoc.load(file);
      int[] ctr = {0, 0}; // col, vis
      for (Element g : MjcfDoc.findAll(d.root, e -> e.getTagName().equals("geom"))) {
        if (g.hasAttribute("name")) continue;
        String group = g.hasAttribute("group") ? g.getAttribute("group") : null;
        boolean vis;
        if (group == null || group.equals("0")) vis = false;
        else if (group.equals("1")) vis = true;
        else throw new IllegalArgumentException(file + ": unnamed geom of group " + group + " (robosuite names only groups 0 and 1)");
        g.setAttribute("name", "g" + ctr[vis ? 1 : 0]++ + (vis ? "_vis" : "_col"));
      }
      MjcfDoc.addPrefix(d.root, prefix);
      MjcfDoc.recolorCollisionGeoms(d.worldbody, collisionRgba, e -> false);
      return d;
    }

    static MjcfDoc panda(LiberoPaths paths, boolean mounted) {
      Path assets = paths.robosuiteAssets();
      MjcfDoc robot = xmlModel(assets.resolve("robots/panda/robot.xml"), "robot0_", ROBOT_COLLISION);
      List<Element> joints = MjcfDoc.findAll(robot.worldbody, e -> e.getTagName().equals("joint"));
      if (joints.size() != 7) throw new IllegalStateException("expected 7 Panda arm joints in robot.xml, found " + joints.size());
      for (int i = 0; i < 7; i++) joints.get(i).setAttribute("damping", MjcfDoc.pyFloat(ARM_DAMPING[i]));
      Element rootBody = children(robot.worldbody, "body").getFirst();

      // add_mount: mount root at base_offset - mount.top_offset, merged under the robot's root body
      MjcfDoc mount = xmlModel(assets.resolve(mounted ? "mounts/rethink_mount.xml" : "mounts/null_mount.xml"), "mount0_", ENVIRONMENT_COLLISION);
      double[] baseOffset = MjcfDoc.stringToArray(rootBody.hasAttribute("pos") ? rootBody.getAttribute("pos") : "0 0 0");
      double[] top = mounted ? new double[] {0, 0, -0.01} : new double[] {0, 0, 0};
      children(mount.worldbody, "body").getFirst().setAttribute("pos",
          arrayToString(baseOffset[0] - top[0], baseOffset[1] - top[1], baseOffset[2] - top[2]));
      merge(robot, mount, rootBody);

      // add_gripper: merged under right_hand
      MjcfDoc gripper = xmlModel(assets.resolve("grippers/panda_gripper.xml"), "gripper0_", GRIPPER_COLLISION);
      Element hand = MjcfDoc.find(robot.worldbody, named("body", "robot0_right_hand"));
      merge(robot, gripper, hand);

      // Robot.load_model: armature and frictionloss of the arm joints
      for (int i = 0; i < 7; i++) {
        joints.get(i).setAttribute("frictionloss", MjcfDoc.pyFloat(0.1));
        joints.get(i).setAttribute("armature", MjcfDoc.pyFloat(5.0 / (i + 1)));
      }
      return robot;
    }

    /**
     * {@code ManipulatorModel.set_base_xpos}: root body at {@code xpos − bottom_offset}; the bottom offset is
     * the mount's root position minus its top offset (RethinkMount: (0, 0, −0.922) − (0, 0, −0.01)).
     *
     * @return the base position written, metres
     */
    static double[] placeBase(MjcfDoc robot, double[] xpos, boolean mounted) {
      double[] bottom = mounted ? new double[] {0, 0, -0.922 + 0.01} : new double[] {0, 0, 0};
      double[] pos = {xpos[0] - bottom[0], xpos[1] - bottom[1], xpos[2] - bottom[2]};
      children(robot.worldbody, "body").getFirst().setAttribute("pos", arrayToString(pos));
      return pos;
    }
  }

  /** The object step: LIBERO's object classes on robosuite's {@code MujocoXMLObject}. */
  static final class ObjectModels {
    private ObjectModels() {}

    /** One loaded instance: its asset document (prefixed) and its body subtree. */
    record Instance(String name, MjcfDoc doc, Element body) {}

    /** Asset folders searched for {@code <category>/<category>.xml}, in LIBERO's registration order. */
    static final List<String> FAMILIES = List.of("stable_hope_objects", "stable_scanned_objects", "turbosquid_objects");

    static Path assetFile(LiberoPaths paths, String category) {
      for (String fam : FAMILIES) {
        Path p = paths.assetsDir().resolve(fam).resolve(category).resolve(category + ".xml");
        if (Files.isRegularFile(p)) return p;
      }
      Path art = paths.assetsDir().resolve("articulated_objects").resolve(category + ".xml");
      if (Files.isRegularFile(art)) return art;
      throw new IllegalArgumentException("no asset for object category '" + category + "' under " + paths.assetsDir()
          + " (looked for " + FAMILIES + "/<category>/<category>.xml and articulated_objects/<category>.xml)");
    }

    static Instance load(LiberoPaths paths, BddlInstance inst, boolean freeJoint) {
      MjcfDoc d = MjcfDoc.load(assetFile(paths, inst.category()));
      Element obj = null;
      for (Element b : children(d.worldbody, "body")) {
        for (Element c : children(b, "body")) if (c.getAttribute("name").equals("object")) { obj = c; break; }
        if (obj != null) break;
      }
      if (obj == null) throw new IllegalArgumentException(d.file + " has no ./body/body[@name='object'] (robosuite MujocoXMLObject)");
      Element main = (Element) obj.cloneNode(true);
      main.setAttribute("name", "main");
      List<Element> geoms = MjcfDoc.findAll(main, e -> e.getTagName().equals("geom"));
      for (int i = 0; i < geoms.size(); i++) {
        Element g = geoms.get(i);
        if (!g.hasAttribute("name")) g.setAttribute("name", "g" + i);
      }
      if (freeJoint) main.appendChild(d.element("joint", "type", "free", "damping", "0.0005", "name", "joint0"));
      main.appendChild(d.element("site", "pos", "0 0 0", "size", "0.002 0.002 0.002", "rgba", "1 0 0 0", "type", "sphere", "group", "0",
          "name", "default_site"));
      String prefix = inst.name() + "_";
      MjcfDoc.addPrefix(main, prefix);
      MjcfDoc.addPrefix(d.root, prefix);
      return new Instance(inst.name(), d, main);
    }
  }
}
