package org.vla4j.mujoco;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * A headless OpenGL context made through EGL's device platform ({@code EGL_EXT_platform_device}),
 * with no display server and no window: Mesa's llvmpipe on CPU machines, the NVIDIA driver on GPU
 * machines. The context is surfaceless; MuJoCo renders into its own offscreen framebuffer.
 *
 * <p>An OpenGL context is current on at most one thread: {@link #makeCurrent()} binds it to the
 * calling thread. Each rollout worker creates its own context. Set {@code VLA4J_EGL_DEVICE=N} to pick
 * the N-th EGL device instead of the first that initializes.
 */
public final class EglContext implements AutoCloseable {
  private static final int EGL_PLATFORM_DEVICE_EXT = 0x313F;
  private static final int EGL_PLATFORM_SURFACELESS_MESA = 0x31DD;
  private static final int EGL_VENDOR = 0x3053;
  private static final int EGL_OPENGL_API = 0x30A2;
  private static final int EGL_NONE = 0x3038;
  private static final int GL_VENDOR = 0x1F00, GL_RENDERER = 0x1F01, GL_VERSION = 0x1F02;
  private static final int[] CONFIG_ATTRIBS = {
    0x3024, 8, // EGL_RED_SIZE
    0x3023, 8, // EGL_GREEN_SIZE
    0x3022, 8, // EGL_BLUE_SIZE
    0x3021, 8, // EGL_ALPHA_SIZE
    0x3025, 24, // EGL_DEPTH_SIZE
    0x3026, 8, // EGL_STENCIL_SIZE
    0x303F, 0x308E, // EGL_COLOR_BUFFER_TYPE = EGL_RGB_BUFFER
    0x3033, 0x0001, // EGL_SURFACE_TYPE = EGL_PBUFFER_BIT
    0x3040, 0x0008, // EGL_RENDERABLE_TYPE = EGL_OPENGL_BIT
    EGL_NONE
  };

  private static final class Egl {
    static final Linker L = Linker.nativeLinker();
    static final SymbolLookup LIB = load();
    static final MethodHandle getProcAddress = fn("eglGetProcAddress", FunctionDescriptor.of(ADDRESS, ADDRESS));
    static final MethodHandle initialize = fn("eglInitialize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle chooseConfig =
        fn("eglChooseConfig", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    static final MethodHandle bindApi = fn("eglBindAPI", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    static final MethodHandle createContext =
        fn("eglCreateContext", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle destroyContext = fn("eglDestroyContext", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle makeCurrent =
        fn("eglMakeCurrent", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle queryString = fn("eglQueryString", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
    static final MethodHandle getError = fn("eglGetError", FunctionDescriptor.of(JAVA_INT));
    static final MethodHandle queryDevices = ext("eglQueryDevicesEXT", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle getPlatformDisplay =
        ext("eglGetPlatformDisplayEXT", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle glGetString = ext("glGetString", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private static SymbolLookup load() {
      String name = System.getenv().getOrDefault("VLA4J_EGL_LIB", "libEGL.so.1");
      try {
        return SymbolLookup.libraryLookup(name, Arena.global());
      } catch (IllegalArgumentException e) {
        throw new MujocoException(
            "cannot load " + name + " (headless OpenGL through EGL). Install it, e.g. apt-get install libegl1 libgl1 "
                + "libopengl0 libegl-mesa0 libgl1-mesa-dri (Mesa, CPU) or the NVIDIA driver's EGL libraries.", e);
      }
    }

    private static MethodHandle fn(String name, FunctionDescriptor fd) {
      return L.downcallHandle(LIB.find(name).orElseThrow(() -> new MujocoException("libEGL lacks " + name)), fd);
    }

    private static MethodHandle ext(String name, FunctionDescriptor fd) {
      try (Arena a = Arena.ofConfined()) {
        MemorySegment p = (MemorySegment) getProcAddress.invokeExact(a.allocateFrom(name));
        return p.address() == 0 ? null : L.downcallHandle(p, fd);
      } catch (Throwable t) {
        throw MjNative.rethrow(t);
      }
    }

    static int error() {
      try {
        return (int) getError.invokeExact();
      } catch (Throwable t) {
        throw MjNative.rethrow(t);
      }
    }
  }

  private final MemorySegment display;
  private final MemorySegment context;
  private final String eglVendor;
  private final int device;
  /** The context this class last made current on each thread (several contexts may take turns on one thread). */
  private static final ThreadLocal<EglContext> CURRENT = new ThreadLocal<>();
  private boolean closed;

  private EglContext(MemorySegment display, MemorySegment context, String eglVendor, int device) {
    this.display = display;
    this.context = context;
    this.eglVendor = eglVendor;
    this.device = device;
  }

  /**
   * Opens the first EGL device that initializes (or {@code VLA4J_EGL_DEVICE}), creates an OpenGL
   * context on it and makes it current on the calling thread.
   *
   * @throws MujocoException if libEGL is missing or no EGL device can be opened; the message lists
   *     what was tried
   */
  public static EglContext create() {
    List<String> tried = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      String wanted = System.getenv("VLA4J_EGL_DEVICE");
      MemorySegment dpy = MemorySegment.NULL;
      int chosen = -1;
      if (Egl.queryDevices != null && Egl.getPlatformDisplay != null) {
        MemorySegment devs = arena.allocate(ADDRESS, 16);
        MemorySegment count = arena.allocate(JAVA_INT);
        int ok = (int) Egl.queryDevices.invokeExact(16, devs, count);
        int n = ok == 1 ? count.get(JAVA_INT, 0) : 0;
        for (int i = 0; i < n && dpy.address() == 0; i++) {
          if (wanted != null && !wanted.equals(Integer.toString(i))) continue;
          MemorySegment d =
              (MemorySegment) Egl.getPlatformDisplay.invokeExact(EGL_PLATFORM_DEVICE_EXT, devs.getAtIndex(ADDRESS, i), MemorySegment.NULL);
          if (d.address() != 0 && initialize(arena, d)) {
            dpy = d;
            chosen = i;
          } else {
            tried.add("device " + i + " (EGL error 0x" + Integer.toHexString(Egl.error()) + ")");
          }
        }
        if (n == 0) tried.add("eglQueryDevicesEXT found no devices");
      } else {
        tried.add("EGL_EXT_device_enumeration is not available");
      }
      if (dpy.address() == 0 && wanted == null && Egl.getPlatformDisplay != null) {
        MemorySegment d =
            (MemorySegment) Egl.getPlatformDisplay.invokeExact(EGL_PLATFORM_SURFACELESS_MESA, MemorySegment.NULL, MemorySegment.NULL);
        if (d.address() != 0 && initialize(arena, d)) {
          dpy = d;
        } else {
          tried.add("Mesa surfaceless platform");
        }
      }
      if (dpy.address() == 0) {
        throw new MujocoException(
            "no EGL device could be opened for headless rendering (tried: " + String.join("; ", tried)
                + "). On a CPU machine install Mesa's EGL (apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri); on a GPU "
                + "machine make the NVIDIA EGL vendor library visible (__EGL_VENDOR_LIBRARY_FILENAMES).");
      }
      MemorySegment config = arena.allocate(ADDRESS);
      MemorySegment nConfig = arena.allocate(JAVA_INT);
      int okc = (int) Egl.chooseConfig.invokeExact(dpy, arena.allocateFrom(JAVA_INT, CONFIG_ATTRIBS), config, 1, nConfig);
      if (okc != 1 || nConfig.get(JAVA_INT, 0) < 1) {
        throw new MujocoException("eglChooseConfig found no RGBA8/depth24 OpenGL config (EGL error 0x" + Integer.toHexString(Egl.error()) + ")");
      }
      int okb = (int) Egl.bindApi.invokeExact(EGL_OPENGL_API);
      if (okb != 1) throw new MujocoException("eglBindAPI(EGL_OPENGL_API) failed: desktop OpenGL is not available through EGL");
      MemorySegment ctx =
          (MemorySegment) Egl.createContext.invokeExact(dpy, config.get(ADDRESS, 0), MemorySegment.NULL, MemorySegment.NULL);
      if (ctx.address() == 0) {
        throw new MujocoException("eglCreateContext failed (EGL error 0x" + Integer.toHexString(Egl.error()) + ")");
      }
      MemorySegment vendor = (MemorySegment) Egl.queryString.invokeExact(dpy, EGL_VENDOR);
      String v = vendor.address() == 0 ? "?" : vendor.reinterpret(256).getString(0);
      EglContext c = new EglContext(dpy, ctx, v, chosen);
      c.makeCurrent();
      return c;
    } catch (MujocoException e) {
      throw e;
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
  }

  private static boolean initialize(Arena arena, MemorySegment dpy) throws Throwable {
    return (int) Egl.initialize.invokeExact(dpy, arena.allocate(JAVA_INT), arena.allocate(JAVA_INT)) == 1;
  }

  /**
   * Makes this context current on the calling thread (no-op if it already is; another context made
   * current on this thread since counts, so contexts may take turns on one thread).
   *
   * @throws MujocoException if EGL refuses, e.g. because the context is current on another thread
   */
  public void makeCurrent() {
    if (CURRENT.get() == this) return;
    try {
      int ok = (int) Egl.makeCurrent.invokeExact(display, MemorySegment.NULL, MemorySegment.NULL, context);
      if (ok != 1) {
        throw new MujocoException("eglMakeCurrent failed (EGL error 0x" + Integer.toHexString(Egl.error())
            + "); is this context current on another thread?");
      }
    } catch (MujocoException e) {
      throw e;
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
    CURRENT.set(this);
  }

  /** Releases the context from the calling thread so another thread can make it current. */
  public void release() {
    try {
      int ignored = (int) Egl.makeCurrent.invokeExact(display, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
    CURRENT.remove();
  }

  /** The EGL implementation's vendor string, e.g. "Mesa Project" or "NVIDIA". */
  public String eglVendor() {
    return eglVendor;
  }

  /** Index of the EGL device in use, or −1 for Mesa's surfaceless platform. */
  public int device() {
    return device;
  }

  /** OpenGL's GL_VENDOR string (context made current on this thread first). */
  public String glVendor() {
    return glString(GL_VENDOR);
  }

  /** OpenGL's GL_RENDERER string, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)". */
  public String glRenderer() {
    return glString(GL_RENDERER);
  }

  /** OpenGL's GL_VERSION string. */
  public String glVersion() {
    return glString(GL_VERSION);
  }

  private String glString(int name) {
    makeCurrent();
    if (Egl.glGetString == null) return "?";
    try {
      MemorySegment s = (MemorySegment) Egl.glGetString.invokeExact(name);
      return s.address() == 0 ? "?" : s.reinterpret(512).getString(0);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      if (CURRENT.get() == this) release();
      int ignored = (int) Egl.destroyContext.invokeExact(display, context);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
  }
}
