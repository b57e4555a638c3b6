package org.vla4j.mujoco;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Downcall handles for the MuJoCo C functions vla4j uses (signatures of MuJoCo 3.14.0's
 * {@code mujoco.h}), grouped by MuJoCo's layer prefix: {@code mj_} simulation, {@code mjv_} abstract
 * visualization, {@code mjr_} OpenGL rendering. Package-private: the wrappers are the API.
 */
final class MjNative {
  private MjNative() {}

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIB = MujocoLibrary.get().lookup();

  /** {@code mjrRect}, passed by value to {@code mjr_render} and {@code mjr_readPixels}. */
  static final StructLayout MJR_RECT =
      MemoryLayout.structLayout(
          JAVA_INT.withName("left"), JAVA_INT.withName("bottom"), JAVA_INT.withName("width"), JAVA_INT.withName("height"));

  private static MethodHandle fn(String name, FunctionDescriptor fd) {
    return LINKER.downcallHandle(
        LIB.find(name).orElseThrow(() -> new MujocoException("symbol " + name + " missing from " + MujocoLibrary.get().path())),
        fd);
  }

  private static FunctionDescriptor voidOf(MemoryLayout... args) {
    return FunctionDescriptor.ofVoid(args);
  }

  // ---- mj_: parse, compile, simulate ----
  static final MethodHandle mj_defaultVFS = fn("mj_defaultVFS", voidOf(ADDRESS));
  static final MethodHandle mj_addBufferVFS =
      fn("mj_addBufferVFS", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
  static final MethodHandle mj_deleteVFS = fn("mj_deleteVFS", voidOf(ADDRESS));
  static final MethodHandle mj_loadXML =
      fn("mj_loadXML", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
  static final MethodHandle mj_deleteModel = fn("mj_deleteModel", voidOf(ADDRESS));
  static final MethodHandle mj_makeData = fn("mj_makeData", FunctionDescriptor.of(ADDRESS, ADDRESS));
  static final MethodHandle mj_deleteData = fn("mj_deleteData", voidOf(ADDRESS));
  static final MethodHandle mj_resetData = fn("mj_resetData", voidOf(ADDRESS, ADDRESS));
  static final MethodHandle mj_resetDataKeyframe = fn("mj_resetDataKeyframe", voidOf(ADDRESS, ADDRESS, JAVA_INT));
  static final MethodHandle mj_step = fn("mj_step", voidOf(ADDRESS, ADDRESS));
  static final MethodHandle mj_forward = fn("mj_forward", voidOf(ADDRESS, ADDRESS));
  static final MethodHandle mj_step1 = fn("mj_step1", voidOf(ADDRESS, ADDRESS));
  static final MethodHandle mj_step2 = fn("mj_step2", voidOf(ADDRESS, ADDRESS));
  static final MethodHandle mj_jacSite = fn("mj_jacSite", voidOf(ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
  static final MethodHandle mj_jacBody = fn("mj_jacBody", voidOf(ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
  static final MethodHandle mj_fullM = fn("mj_fullM", voidOf(ADDRESS, ADDRESS, ADDRESS));
  static final MethodHandle mj_stateSize = fn("mj_stateSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  static final MethodHandle mj_getState = fn("mj_getState", voidOf(ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
  static final MethodHandle mj_setState = fn("mj_setState", voidOf(ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
  static final MethodHandle mj_name2id = fn("mj_name2id", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
  static final MethodHandle mj_id2name = fn("mj_id2name", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT));

  // ---- mjv_: abstract visualization ----
  static final MethodHandle mjv_defaultCamera = fn("mjv_defaultCamera", voidOf(ADDRESS));
  static final MethodHandle mjv_defaultOption = fn("mjv_defaultOption", voidOf(ADDRESS));
  static final MethodHandle mjv_defaultScene = fn("mjv_defaultScene", voidOf(ADDRESS));
  static final MethodHandle mjv_makeScene = fn("mjv_makeScene", voidOf(ADDRESS, ADDRESS, JAVA_INT));
  static final MethodHandle mjv_freeScene = fn("mjv_freeScene", voidOf(ADDRESS));
  static final MethodHandle mjv_updateScene =
      fn("mjv_updateScene", voidOf(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));

  // ---- mjr_: OpenGL rendering (needs a current GL context on the calling thread) ----
  static final MethodHandle mjr_defaultContext = fn("mjr_defaultContext", voidOf(ADDRESS));
  static final MethodHandle mjr_makeContext = fn("mjr_makeContext", voidOf(ADDRESS, ADDRESS, JAVA_INT));
  static final MethodHandle mjr_freeContext = fn("mjr_freeContext", voidOf(ADDRESS));
  static final MethodHandle mjr_setBuffer = fn("mjr_setBuffer", voidOf(JAVA_INT, ADDRESS));
  static final MethodHandle mjr_render = fn("mjr_render", voidOf(MJR_RECT, ADDRESS, ADDRESS));
  static final MethodHandle mjr_readPixels = fn("mjr_readPixels", voidOf(ADDRESS, ADDRESS, MJR_RECT, ADDRESS));

  static {
    installWarningHandler();
  }

  /**
   * MuJoCo prints warnings (e.g. "Nan, Inf or huge value in QACC") to stdout by default, which would
   * corrupt command output. Route them to a Java logger instead; instability is detected from
   * {@code mjData.warning} counters, not from this text.
   */
  private static void installWarningHandler() {
    try {
      MethodHandle target =
          MethodHandles.lookup()
              .findStatic(MjNative.class, "onWarning", MethodType.methodType(void.class, MemorySegment.class));
      MemorySegment stub = LINKER.upcallStub(target, voidOf(ADDRESS), Arena.global());
      MemorySegment slot = LIB.find("mju_user_warning").orElseThrow().reinterpret(ADDRESS.byteSize());
      slot.set(ADDRESS, 0, stub);
    } catch (ReflectiveOperationException e) {
      throw new MujocoException("cannot install MuJoCo warning handler", e);
    }
  }

  private static final System.Logger LOG = System.getLogger("org.vla4j.mujoco");

  @SuppressWarnings("unused") // called from native code
  private static void onWarning(MemorySegment message) {
    LOG.log(System.Logger.Level.DEBUG, () -> "MuJoCo warning: " + message.reinterpret(1000).getString(0));
  }

  /** Wraps a Throwable from {@code invokeExact} (which can only be a native-call failure here). */
  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) return r;
    if (t instanceof Error e) throw e;
    return new MujocoException("native call failed: " + t, t);
  }
}
