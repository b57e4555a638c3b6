package org.vla4j.mujoco;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled MuJoCo model ({@code mjModel}): sizes, names and the static arrays the simulator reads.
 * Immutable from Java's side; many {@link MjData} may share one model, on any threads.
 *
 * <p>Mirrors MuJoCo's C API ({@code mj_loadXML}, {@code mj_name2id}); arrays are returned as fresh
 * Java copies in MuJoCo's units (metres, radians, seconds).
 */
public final class MjModel implements AutoCloseable {
  private static final String MAIN_FILE = "model.xml";
  final MemorySegment ptr;
  private volatile boolean closed;

  private MjModel(MemorySegment ptr) {
    this.ptr = ptr.reinterpret(MjField.SIZEOF_MODEL.value());
  }

  /**
   * Compiles an MJCF document.
   *
   * @param xml the MJCF text
   * @param assets other files the document references (meshes, textures, included XML) by name
   * @throws IllegalArgumentException with MuJoCo's compiler error text if the model does not compile
   */
  public static MjModel fromXml(String xml, Map<String, byte[]> assets) {
    Map<String, byte[]> files = new LinkedHashMap<>(assets);
    files.put(MAIN_FILE, xml.getBytes(StandardCharsets.UTF_8));
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment vfs = arena.allocate(MjField.SIZEOF_VFS.value(), 8);
      MjNative.mj_defaultVFS.invokeExact(vfs);
      try {
        for (var e : files.entrySet()) {
          MemorySegment buf = arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, e.getValue());
          int rc = (int) MjNative.mj_addBufferVFS.invokeExact(vfs, arena.allocateFrom(e.getKey()), buf, e.getValue().length);
          if (rc != 0) throw new IllegalArgumentException("cannot add " + e.getKey() + " to MuJoCo's VFS (code " + rc + ")");
        }
        MemorySegment err = arena.allocate(2048);
        MemorySegment m = (MemorySegment) MjNative.mj_loadXML.invokeExact(arena.allocateFrom(MAIN_FILE), vfs, err, 2048);
        if (m.address() == 0) {
          throw new IllegalArgumentException("MJCF does not compile: " + err.getString(0));
        }
        return new MjModel(m);
      } finally {
        MjNative.mj_deleteVFS.invokeExact(vfs);
      }
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
  }

  /** Compiles an MJCF document with no other files. */
  public static MjModel fromXml(String xml) {
    return fromXml(xml, Map.of());
  }

  /**
   * Compiles an MJCF resource on the classpath.
   *
   * @param resource absolute resource name, e.g. {@code /org/vla4j/sim/suite/panda_table.xml}
   * @throws IllegalArgumentException if the resource is missing or does not compile
   */
  public static MjModel fromResource(String resource) {
    return fromXml(readResource(resource));
  }

  /** Reads a UTF-8 classpath resource. */
  public static String readResource(String resource) {
    try (InputStream in = MjModel.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalArgumentException("no resource " + resource);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read resource " + resource + ": " + e.getMessage(), e);
    }
  }

  private int size(MjField f) {
    return Math.toIntExact(ptr.get(JAVA_LONG, f.value()));
  }

  /** Number of generalized coordinates = dim(qpos). */
  public int nq() { return size(MjField.MODEL_NQ); }
  /** Number of degrees of freedom = dim(qvel). */
  public int nv() { return size(MjField.MODEL_NV); }
  /** Number of controls = dim(ctrl). */
  public int nu() { return size(MjField.MODEL_NU); }
  /** Number of actuators. */
  public int nactuator() { return size(MjField.MODEL_NACTUATOR); }
  /** Number of activation states = dim(act). */
  public int na() { return size(MjField.MODEL_NA); }
  public int nbody() { return size(MjField.MODEL_NBODY); }
  public int njnt() { return size(MjField.MODEL_NJNT); }
  public int ngeom() { return size(MjField.MODEL_NGEOM); }
  public int nsite() { return size(MjField.MODEL_NSITE); }
  public int ncam() { return size(MjField.MODEL_NCAM); }
  public int nlight() { return size(MjField.MODEL_NLIGHT); }
  public int nmocap() { return size(MjField.MODEL_NMOCAP); }
  public int nkey() { return size(MjField.MODEL_NKEY); }

  /** Physics timestep in seconds ({@code opt.timestep}). */
  public double timestep() {
    return ptr.get(JAVA_DOUBLE, MjField.MODEL_OPT_TIMESTEP.value());
  }

  /** Offscreen framebuffer width in pixels ({@code vis.global.offwidth}); renders cannot be larger. */
  public int offWidth() { return ptr.get(JAVA_INT, MjField.MODEL_VIS_GLOBAL_OFFWIDTH.value()); }
  /** Offscreen framebuffer height in pixels ({@code vis.global.offheight}). */
  public int offHeight() { return ptr.get(JAVA_INT, MjField.MODEL_VIS_GLOBAL_OFFHEIGHT.value()); }
  /** Multisamples of the offscreen buffer ({@code vis.quality.offsamples}); 0 for deterministic frames. */
  public int offSamples() { return ptr.get(JAVA_INT, MjField.MODEL_VIS_QUALITY_OFFSAMPLES.value()); }

  /** Number of objects of a type. */
  public int count(MjObj type) {
    return switch (type) {
      case BODY -> nbody();
      case JOINT -> njnt();
      case GEOM -> ngeom();
      case SITE -> nsite();
      case CAMERA -> ncam();
      case ACTUATOR -> nactuator();
      case KEY -> nkey();
    };
  }

  /**
   * Id of a named object.
   *
   * @throws IllegalArgumentException if there is none; the message lists the valid names of that type
   */
  public int id(MjObj type, String name) {
    int id = idOrNegative(type, name);
    if (id < 0) {
      throw new IllegalArgumentException(
          "no " + type.name().toLowerCase() + " named '" + name + "'; valid: " + String.join(", ", names(type)));
    }
    return id;
  }

  /** Id of a named object, or −1. */
  public int idOrNegative(MjObj type, String name) {
    try (Arena arena = Arena.ofConfined()) {
      return (int) MjNative.mj_name2id.invokeExact(ptr, type.code, arena.allocateFrom(name));
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
  }

  /** Name of an object, or "" if it has none. */
  public String name(MjObj type, int id) {
    try {
      MemorySegment s = (MemorySegment) MjNative.mj_id2name.invokeExact(ptr, type.code, id);
      return s.address() == 0 ? "" : s.reinterpret(Integer.MAX_VALUE).getString(0);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
  }

  /** Names of all objects of a type, in id order (unnamed ones skipped). */
  public List<String> names(MjObj type) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count(type); i++) {
      String n = name(type, i);
      if (!n.isEmpty()) out.add(n);
    }
    return out;
  }

  private MemorySegment array(MjField f, long elements, long elementSize) {
    return ptr.get(ADDRESS, f.value()).reinterpret(elements * elementSize);
  }

  int[] ints(MjField f, int n) {
    return array(f, n, 4).toArray(JAVA_INT);
  }

  double[] doubles(MjField f, int n) {
    return array(f, n, 8).toArray(JAVA_DOUBLE);
  }

  /** Address of a joint's first coordinate in qpos. */
  public int jointQposAddress(int joint) { return ints(MjField.MODEL_JNT_QPOSADR, njnt())[joint]; }
  /** Address of a joint's first degree of freedom in qvel. */
  public int jointDofAddress(int joint) { return ints(MjField.MODEL_JNT_DOFADR, njnt())[joint]; }
  /** Joint type code ({@code mjtJoint}: free 0, ball 1, slide 2, hinge 3). */
  public int jointType(int joint) { return ints(MjField.MODEL_JNT_TYPE, njnt())[joint]; }
  /** Joint range [lo, hi] in radians or metres. */
  public double[] jointRange(int joint) {
    double[] r = doubles(MjField.MODEL_JNT_RANGE, njnt() * 2);
    return new double[] {r[2 * joint], r[2 * joint + 1]};
  }
  /** Control range [lo, hi] of an actuator, in its control units (N·m for motors, m for position actuators). */
  public double[] actuatorCtrlRange(int actuator) {
    double[] r = doubles(MjField.MODEL_ACTUATOR_CTRLRANGE, nactuator() * 2);
    return new double[] {r[2 * actuator], r[2 * actuator + 1]};
  }
  /** Mocap index of a body, or −1 if it is not a mocap body. */
  public int bodyMocapId(int body) { return ints(MjField.MODEL_BODY_MOCAPID, nbody())[body]; }
  /** Body that a geom belongs to. */
  public int geomBodyId(int geom) { return ints(MjField.MODEL_GEOM_BODYID, ngeom())[geom]; }
  /** Root body (child of the world) of a body's kinematic tree. */
  public int bodyRootId(int body) { return ints(MjField.MODEL_BODY_ROOTID, nbody())[body]; }
  /** A geom's size parameters (3 numbers, meaning depends on its type), metres. */
  public double[] geomSize(int geom) {
    double[] s = doubles(MjField.MODEL_GEOM_SIZE, ngeom() * 3);
    return new double[] {s[3 * geom], s[3 * geom + 1], s[3 * geom + 2]};
  }
  /** qpos of keyframe {@code key}, length nq. */
  public double[] keyQpos(int key) {
    double[] all = doubles(MjField.MODEL_KEY_QPOS, nkey() * nq());
    return java.util.Arrays.copyOfRange(all, key * nq(), (key + 1) * nq());
  }

  boolean isClosed() {
    return closed;
  }

  /** Frees the native model. Data made from it must be closed first. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      MjNative.mj_deleteModel.invokeExact(ptr);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
  }
}
