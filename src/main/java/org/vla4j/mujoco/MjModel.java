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

  /** Number of meshes. */
  public int nmesh() { return size(MjField.MODEL_NMESH); }
  /** Number of materials. */
  public int nmat() { return size(MjField.MODEL_NMAT); }
  /** Number of textures. */
  public int ntex() { return size(MjField.MODEL_NTEX); }
  /** Number of equality constraints. */
  public int neq() { return size(MjField.MODEL_NEQ); }
  /** Number of sensors. */
  public int nsensor() { return size(MjField.MODEL_NSENSOR); }
  /** Number of tendons. */
  public int ntendon() { return size(MjField.MODEL_NTENDON); }
  /** Number of excluded contact pairs. */
  public int nexclude() { return size(MjField.MODEL_NEXCLUDE); }
  /** Number of explicit contact pairs. */
  public int npair() { return size(MjField.MODEL_NPAIR); }

  /** Gravity {@code [x, y, z]} in m/s² ({@code opt.gravity}). */
  public double[] gravity() {
    return ptr.asSlice(MjField.MODEL_OPT_GRAVITY.value(), 24).toArray(JAVA_DOUBLE);
  }
  /** Ratio of frictional to normal constraint impedance ({@code opt.impratio}). */
  public double impratio() { return ptr.get(JAVA_DOUBLE, MjField.MODEL_OPT_IMPRATIO.value()); }
  /** Solver tolerance ({@code opt.tolerance}). */
  public double tolerance() { return ptr.get(JAVA_DOUBLE, MjField.MODEL_OPT_TOLERANCE.value()); }
  /** Density of the medium in kg/m³ ({@code opt.density}). */
  public double density() { return ptr.get(JAVA_DOUBLE, MjField.MODEL_OPT_DENSITY.value()); }
  /** Viscosity of the medium in Pa·s ({@code opt.viscosity}). */
  public double viscosity() { return ptr.get(JAVA_DOUBLE, MjField.MODEL_OPT_VISCOSITY.value()); }
  /** Friction cone type ({@code mjtCone}: pyramidal 0, elliptic 1). */
  public int cone() { return ptr.get(JAVA_INT, MjField.MODEL_OPT_CONE.value()); }
  /** Integrator ({@code mjtIntegrator}: Euler 0, RK4 1, implicit 2, implicitfast 3). */
  public int integrator() { return ptr.get(JAVA_INT, MjField.MODEL_OPT_INTEGRATOR.value()); }
  /** Constraint solver ({@code mjtSolver}: PGS 0, CG 1, Newton 2). */
  public int solver() { return ptr.get(JAVA_INT, MjField.MODEL_OPT_SOLVER.value()); }
  /** Maximum solver iterations ({@code opt.iterations}). */
  public int iterations() { return ptr.get(JAVA_INT, MjField.MODEL_OPT_ITERATIONS.value()); }
  /** Near clipping plane as a fraction of the model extent ({@code vis.map.znear}). */
  public float znear() { return ptr.get(java.lang.foreign.ValueLayout.JAVA_FLOAT, MjField.MODEL_VIS_MAP_ZNEAR.value()); }

  /**
   * A whole per-object array, flattened row by row ({@code count × width} numbers), every element type
   * widened to double (ints and bytes exactly, floats as float→double).
   */
  public double[] values(MjModelArray a) {
    int n = switch (a.count()) {
      case NBODY -> nbody();
      case NJNT -> njnt();
      case NV -> nv();
      case NGEOM -> ngeom();
      case NSITE -> nsite();
      case NCAM -> ncam();
      case NLIGHT -> nlight();
      case NU -> nu();
      case NMESH -> nmesh();
    };
    int len = n * a.width();
    if (len == 0) return new double[0];
    MemorySegment seg = array(a.field, len, a.type().bytes);
    double[] out = new double[len];
    for (int i = 0; i < len; i++) {
      out[i] = switch (a.type()) {
        case INT -> seg.getAtIndex(JAVA_INT, i);
        case DOUBLE -> seg.getAtIndex(JAVA_DOUBLE, i);
        case FLOAT -> seg.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i);
        case BYTE -> seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i);
      };
    }
    return out;
  }

  /**
   * Sets the colour of one site ({@code site_rgba}, read by the renderer on the next frame), e.g. to hide
   * it as robosuite does by negating its alpha.
   *
   * @param rgba 4 numbers, red, green, blue, alpha (MuJoCo stores floats)
   * @throws IllegalArgumentException if the site id is out of range or {@code rgba} has not 4 numbers
   */
  public void setSiteRgba(int site, double[] rgba) {
    if (site < 0 || site >= nsite()) throw new IllegalArgumentException("site id " + site + " out of range 0.." + (nsite() - 1));
    if (rgba.length != 4) throw new IllegalArgumentException("rgba has 4 numbers, got " + rgba.length);
    MemorySegment seg = array(MjField.MODEL_SITE_RGBA, 4 * nsite(), 4);
    for (int i = 0; i < 4; i++) seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, 4L * site + i, (float) rgba[i]);
  }

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
  /**
   * Sets the offscreen multisamples ({@code vis.quality.offsamples}) that renderers made after this call use.
   *
   * @throws IllegalArgumentException if {@code samples} is negative
   */
  public void setOffSamples(int samples) {
    if (samples < 0) throw new IllegalArgumentException("offsamples must be ≥ 0, got " + samples);
    ptr.set(JAVA_INT, MjField.MODEL_VIS_QUALITY_OFFSAMPLES.value(), samples);
  }

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
      case MESH -> nmesh();
      case MATERIAL -> nmat();
      case TEXTURE -> ntex();
      case LIGHT -> nlight();
      case SENSOR -> nsensor();
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
  /** Body that a joint belongs to. */
  public int jointBody(int joint) { return ints(MjField.MODEL_JNT_BODYID, njnt())[joint]; }
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
