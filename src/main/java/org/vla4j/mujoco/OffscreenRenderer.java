package org.vla4j.mujoco;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Renders a model's named cameras offscreen with MuJoCo's OpenGL renderer ({@code mjv_updateScene},
 * {@code mjr_render}, {@code mjr_readPixels}) on a headless {@link EglContext}.
 *
 * <p>Output: {@code [H, W, 3] uint8} RGB, rows <b>bottom-up</b> exactly as {@code glReadPixels}
 * returns them (the "opengl" convention of LIBERO/robosuite images: policies rotate them 180°
 * before use). By default the model must disable multisampling ({@code <quality offsamples="0"/>}) so
 * frames are deterministic on every OpenGL implementation; this is checked. A renderer made with
 * {@code allowMultisampling} renders with the model's own {@code offsamples} (MuJoCo's default 4, as
 * robosuite renders LIBERO's scenes): deterministic on a software rasterizer such as Mesa's llvmpipe,
 * not guaranteed on GPUs. One renderer per thread; it binds its context to the thread that renders.
 */
public final class OffscreenRenderer implements AutoCloseable {
  private final MjModel model;
  private final EglContext gl;
  private final boolean ownsContext;
  private final int width;
  private final int height;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment camera, option, scene, context, viewport, rgb;
  private boolean closed;

  /**
   * Creates a renderer with its own EGL context.
   *
   * @param width image width in pixels, 1..{@code model.offWidth()}
   * @param height image height in pixels, 1..{@code model.offHeight()}
   * @throws IllegalArgumentException if the size exceeds the model's offscreen buffer or the model
   *     uses multisampling
   * @throws MujocoException if no EGL context can be made
   */
  public OffscreenRenderer(MjModel model, int width, int height, SceneFlags settings) {
    this(model, EglContext.create(), true, width, height, settings, false);
  }

  /** Creates a renderer on an existing context (shared by several renderers on one thread). */
  public OffscreenRenderer(MjModel model, EglContext gl, int width, int height, SceneFlags settings) {
    this(model, gl, false, width, height, settings, false);
  }

  /**
   * Creates a renderer with its own EGL context that, with {@code allowMultisampling}, renders with the
   * model's {@code <quality offsamples>} instead of refusing it (robosuite renders LIBERO with MuJoCo's
   * default of 4 samples).
   *
   * @throws IllegalArgumentException if the size exceeds the model's offscreen buffer, or the model uses
   *     multisampling and {@code allowMultisampling} is false
   * @throws MujocoException if no EGL context can be made
   */
  public OffscreenRenderer(MjModel model, int width, int height, SceneFlags settings, boolean allowMultisampling) {
    this(model, EglContext.create(), true, width, height, settings, allowMultisampling);
  }

  /**
   * A renderer on an existing context (shared by several renderers on one thread) that, with {@code
   * allowMultisampling}, renders with the model's {@code <quality offsamples>}.
   *
   * @throws IllegalArgumentException if the size exceeds the model's offscreen buffer, or the model uses
   *     multisampling and {@code allowMultisampling} is false
   */
  public OffscreenRenderer(MjModel model, EglContext gl, int width, int height, SceneFlags settings, boolean allowMultisampling) {
    this(model, gl, false, width, height, settings, allowMultisampling);
  }

  private OffscreenRenderer(MjModel model, EglContext gl, boolean owns, int width, int height, SceneFlags settings,
      boolean allowMultisampling) {
    if (width < 1 || height < 1 || width > model.offWidth() || height > model.offHeight()) {
      if (owns) gl.close();
      throw new IllegalArgumentException(
          "render size " + width + "x" + height + " must be within the model's offscreen buffer " + model.offWidth() + "x"
              + model.offHeight() + " (<visual><global offwidth=.. offheight=../>)");
    }
    if (model.offSamples() != 0 && !allowMultisampling) {
      if (owns) gl.close();
      throw new IllegalArgumentException(
          "the model asks for " + model.offSamples() + " offscreen multisamples; vla4j needs <visual><quality offsamples=\"0\"/> "
              + "so that rendered frames are deterministic");
    }
    this.model = model;
    this.gl = gl;
    this.ownsContext = owns;
    this.width = width;
    this.height = height;
    gl.makeCurrent();
    camera = arena.allocate(MjField.SIZEOF_VCAMERA.value(), 8);
    option = arena.allocate(MjField.SIZEOF_VOPTION.value(), 8);
    scene = arena.allocate(MjField.SIZEOF_VSCENE.value(), 8);
    context = arena.allocate(MjField.SIZEOF_RCONTEXT.value(), 8);
    viewport = arena.allocate(MjNative.MJR_RECT);
    rgb = arena.allocate((long) width * height * 3);
    try {
      MjNative.mjv_defaultCamera.invokeExact(camera);
      MjNative.mjv_defaultOption.invokeExact(option);
      MjNative.mjv_defaultScene.invokeExact(scene);
      MjNative.mjv_makeScene.invokeExact(model.ptr, scene, 2000);
      MjNative.mjr_defaultContext.invokeExact(context);
      MjNative.mjr_makeContext.invokeExact(model.ptr, context, MjField.MJFONTSCALE_150.intValue());
      MjNative.mjr_setBuffer.invokeExact(MjField.MJFB_OFFSCREEN.intValue(), context);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
    long flags = MjField.VSCENE_FLAGS.value();
    scene.set(JAVA_BYTE, flags + MjField.MJRND_SHADOW.value(), (byte) (settings.shadows() ? 1 : 0));
    scene.set(JAVA_BYTE, flags + MjField.MJRND_REFLECTION.value(), (byte) (settings.reflections() ? 1 : 0));
    scene.set(JAVA_BYTE, flags + MjField.MJRND_SKYBOX.value(), (byte) (settings.skybox() ? 1 : 0));
    camera.set(JAVA_INT, MjField.VCAMERA_TYPE.value(), MjField.MJCAMERA_FIXED.intValue());
    viewport.set(JAVA_INT, MjField.RRECT_WIDTH.value(), width);
    viewport.set(JAVA_INT, MjField.RRECT_HEIGHT.value(), height);
  }

  /**
   * Shows or hides one geom group (0..5) in every later frame ({@code mjvOption.geomgroup}; MuJoCo's
   * default shows groups 0, 1, 2). robosuite hides group 0, the collision geoms, unless
   * {@code render_collision_mesh} is set.
   *
   * @throws IllegalArgumentException if {@code group} is not in 0..5
   */
  public void setGeomGroupVisible(int group, boolean visible) {
    if (group < 0 || group >= MjField.VOPTION_GEOMGROUP.width()) {
      throw new IllegalArgumentException("geom group " + group + " out of range 0.." + (MjField.VOPTION_GEOMGROUP.width() - 1));
    }
    option.set(JAVA_BYTE, MjField.VOPTION_GEOMGROUP.value() + group, (byte) (visible ? 1 : 0));
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The GL context this renderer draws with (for vendor/renderer strings). */
  public EglContext glContext() {
    return gl;
  }

  /**
   * Renders camera {@code cameraId} of {@code data}'s current state into {@code out}.
   *
   * @param out receives {@code height·width·3} bytes, RGB, rows bottom-up
   * @throws IllegalArgumentException if {@code out} has the wrong length or the camera id is invalid
   */
  public void render(MjData data, int cameraId, byte[] out) {
    if (out.length != width * height * 3) {
      throw new IllegalArgumentException("output buffer has " + out.length + " bytes, need " + (width * height * 3));
    }
    if (cameraId < 0 || cameraId >= model.ncam()) {
      throw new IllegalArgumentException("camera id " + cameraId + " out of range; cameras: " + model.names(MjObj.CAMERA));
    }
    gl.makeCurrent();
    camera.set(JAVA_INT, MjField.VCAMERA_FIXEDCAMID.value(), cameraId);
    try {
      MjNative.mjv_updateScene.invokeExact(
          model.ptr, data.ptr, option, MemorySegment.NULL, camera, MjField.MJCAT_ALL.intValue(), scene);
      MjNative.mjr_render.invokeExact(viewport, scene, context);
      MjNative.mjr_readPixels.invokeExact(rgb, MemorySegment.NULL, viewport, context);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    }
    MemorySegment.copy(rgb, JAVA_BYTE, 0, out, 0, out.length);
  }

  /** Renders a named camera into a new {@code [H, W, 3]} bottom-up array. */
  public byte[] render(MjData data, String cameraName) {
    byte[] out = new byte[width * height * 3];
    render(data, model.id(MjObj.CAMERA, cameraName), out);
    return out;
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      gl.makeCurrent();
      MjNative.mjr_freeContext.invokeExact(context);
      MjNative.mjv_freeScene.invokeExact(scene);
    } catch (Throwable t) {
      throw MjNative.rethrow(t);
    } finally {
      arena.close();
      if (ownsContext) gl.close();
    }
  }
}
