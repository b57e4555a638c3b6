package org.vla4j.policy.vla;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vla4j.policy.EnvSpec;
import org.vla4j.policy.steps.image.ResizeMethod;

/**
 * A model folder's {@code config.json}: every piece of metadata that must travel from training to
 * inference (image orientation and size, prompt template, action scheme and vocabulary, unnorm_key,
 * gripper convention, controller, simulator version), read once and checked at load time.
 *
 * @param name model name
 * @param visionOnnx file of the vision encoder graph (box 1)
 * @param trunkOnnx file of the trunk + head graph with KV cache (boxes 3–4)
 * @param imageSize H = W of the images the model takes, pixels
 * @param cameras env cameras the model takes, in input order (agentview first)
 * @param imageOrientationIn the row order of the env images the model expects, {@code opengl_bottom_up}
 *     (LIBERO's renders; the only one vla4j's envs give)
 * @param rotation image orientation step: {@code rot180} (OpenVLA on LIBERO) or {@code none}
 * @param resize the resize step after the rotation, or null ({@code "resize": "none"}); config form
 *     {@code {"height": 224, "width": 224, "method": "tf-lanczos3-antialias"}}
 * @param centerCrop area fraction of OpenVLA's center crop after the resize, in (0, 1], or null for none
 * @param promptTemplate built-in template name
 * @param tokenizer tokenizer file (HuggingFace tokenizer.json)
 * @param bosTokenId the begin-of-sequence id every encoded prompt starts with (checked at load)
 * @param actionScheme action tokenizer scheme, {@code openvla}; {@code continuous} for a model whose head outputs normalized
 *     actions directly (config.json {@code head}, e.g. {@link FlowMatchingHead})
 * @param vocabSize size of the vocabulary whose last {@code nBins} ids are action tokens
 * @param nBins action bin edges (256)
 * @param actionDim action dimensions (7)
 * @param unnormKey the statistics key the model was trained with
 * @param gripperConvention gripper post-processing name, e.g. {@code libero-openvla}
 * @param depth trunk layers
 * @param heads attention heads
 * @param width trunk width
 * @param controller controller the training data used
 * @param controlHz control frequency of the training data
 * @param mujocoVersion simulator version of the training data
 * @param renderer GL renderer the training images came from
 */
public record VlaModelConfig(
    String name, String visionOnnx, String trunkOnnx, int imageSize, List<String> cameras, String imageOrientationIn,
    String rotation, Resize resize, Double centerCrop, String promptTemplate, String tokenizer, int bosTokenId, String actionScheme, int vocabSize, int nBins, int actionDim, String unnormKey,
    String gripperConvention, int depth, int heads, int width, String controller, int controlHz, String mujocoVersion,
    String renderer) {

  /**
   * The resize step a config asks for.
   *
   * @param height output rows, ≥ 1
   * @param width output columns, ≥ 1
   * @param method a {@link ResizeMethod} id
   */
  public record Resize(int height, int width, String method) {}

  /**
   * The keys of config.json that inference reads and checks: each one changes what the pipeline or
   * the runner does, or is compared with the env at load.
   */
  public static final List<String> HONOURED_KEYS = List.of("name", "onnx", "image_size", "cameras", "image_orientation_in",
      "rotation", "resize", "center_crop", "prompt_template", "tokenizer", "bos_token_id", "action_scheme", "vocab_size",
      "n_action_bins", "action_dim", "unnorm_key", "gripper_convention", "trunk", "head", "controller", "control_hz", "mujoco_version");

  /**
   * The keys that describe how the model was made and are recorded, not used, at inference: the
   * training run (data, epochs, seed, parameter count, renderer and render settings of the training
   * images, the training suite), the tokenizer's training-only ids, and the format's own fields.
   */
  public static final List<String> PROVENANCE_KEYS = List.of("family", "format_version", "eos_token_id", "pad_token_id",
      "suite", "renderer", "render_settings", "parameters", "trained_frames", "trained_episodes", "epochs", "seed");

  /**
   * Reads {@code dir/config.json}.
   *
   * @throws IllegalArgumentException if the file is missing, unreadable, lacks a field (named), has a
   *     key vla4j does not know (named, with the known keys), or a value of the wrong form
   */
  public static VlaModelConfig read(Path dir) {
    Path f = dir.resolve("config.json");
    if (!Files.isRegularFile(f)) throw new IllegalArgumentException("no config.json in model folder " + dir);
    JsonNode n;
    try {
      n = new ObjectMapper().readTree(f.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + f + ": " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) throw new IllegalArgumentException(f + " is not a JSON object");
    List<String> unknown = new ArrayList<>();
    n.fieldNames().forEachRemaining(k -> {
      if (!HONOURED_KEYS.contains(k) && !PROVENANCE_KEYS.contains(k)) unknown.add(k);
    });
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(f + ": unknown key(s) " + unknown + "; vla4j reads " + HONOURED_KEYS
          + " and records " + PROVENANCE_KEYS + " (a key it would silently ignore could change what the model needs)");
    }
    List<String> cams = new ArrayList<>();
    require(n, "cameras", f).forEach(c -> cams.add(c.asText()));
    JsonNode trunk = require(n, "trunk", f);
    return new VlaModelConfig(text(n, "name", f), text(require(n, "onnx", f), "vision", f), text(n.get("onnx"), "trunk", f),
        require(n, "image_size", f).asInt(), cams, text(n, "image_orientation_in", f), text(n, "rotation", f), resize(n, f),
        centerCrop(n, f), text(n, "prompt_template", f), text(n, "tokenizer", f), require(n, "bos_token_id", f).asInt(),
        text(n, "action_scheme", f), require(n, "vocab_size", f).asInt(), require(n, "n_action_bins", f).asInt(),
        require(n, "action_dim", f).asInt(), text(n, "unnorm_key", f), text(n, "gripper_convention", f),
        require(trunk, "depth", f).asInt(), require(trunk, "heads", f).asInt(), require(trunk, "width", f).asInt(),
        text(n, "controller", f), require(n, "control_hz", f).asInt(), text(n, "mujoco_version", f), n.path("renderer").asText("unknown"));
  }

  private static Resize resize(JsonNode n, Path f) {
    JsonNode r = n.get("resize");
    if (r == null || r.isNull() || (r.isTextual() && r.asText().equals("none"))) return null;
    if (!r.isObject() || !r.path("height").canConvertToInt() || !r.path("width").canConvertToInt() || !r.path("method").isTextual()) {
      throw new IllegalArgumentException(f + ": 'resize' must be \"none\" or {\"height\": H, \"width\": W, \"method\": M} with M one of "
          + java.util.Arrays.stream(ResizeMethod.values()).map(ResizeMethod::id).toList() + "; got " + r);
    }
    ResizeMethod.byId(r.get("method").asText());
    return new Resize(r.get("height").asInt(), r.get("width").asInt(), r.get("method").asText());
  }

  private static Double centerCrop(JsonNode n, Path f) {
    JsonNode c = n.get("center_crop");
    if (c == null || c.isNull()) return null;
    if (!c.isNumber() || !(c.asDouble() > 0 && c.asDouble() <= 1)) {
      throw new IllegalArgumentException(f + ": 'center_crop' must be null or the area fraction kept, in (0, 1] (OpenVLA: 0.9); got " + c);
    }
    return c.asDouble();
  }

  private static JsonNode require(JsonNode n, String key, Path f) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) throw new IllegalArgumentException(f + " lacks '" + key + "'");
    return v;
  }

  private static String text(JsonNode n, String key, Path f) {
    return require(n, key, f).asText();
  }

  /**
   * Refuses a model that does not fit the env: other image size, a camera the env does not
   * render, another controller or control rate, another MuJoCo version, or an action space that
   * is not 7-D with the OpenVLA scheme.
   *
   * @throws IllegalArgumentException naming every disagreement
   */
  public void checkAgainst(EnvSpec env) {
    List<String> problems = new ArrayList<>();
    if (resize != null) {
      if (resize.height() != imageSize || resize.width() != imageSize) {
        problems.add("resize to " + resize.height() + "x" + resize.width() + " but image_size " + imageSize);
      }
    } else if (imageSize != env.imageSize()) {
      problems.add("image size " + imageSize + " (env renders " + env.imageSize() + "; or give a 'resize' step)");
    }
    for (String c : cameras) if (!env.cameras().contains(c)) problems.add("camera '" + c + "' (env renders " + env.cameras() + ")");
    if (!controller.equals(env.controller())) problems.add("controller " + controller + " (env: " + env.controller() + ")");
    if (controlHz != env.controlHz()) problems.add("control rate " + controlHz + " Hz (env: " + env.controlHz() + " Hz)");
    if (!mujocoVersion.equals(env.mujocoVersion())) problems.add("MuJoCo " + mujocoVersion + " (env: " + env.mujocoVersion() + ")");
    if (actionDim != 7) problems.add("action_dim " + actionDim + " (env takes 7)");
    if (!List.of("openvla", "continuous").contains(actionScheme)) {
      problems.add("action scheme '" + actionScheme + "' (supported: openvla, continuous)");
    }
    if (!List.of("rot180", "none").contains(rotation)) problems.add("rotation '" + rotation + "' (valid: rot180, none)");
    if (!imageOrientationIn.equals("opengl_bottom_up")) {
      problems.add("image_orientation_in '" + imageOrientationIn + "' (the env gives opengl_bottom_up)");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("model '" + name + "' was built for another setup: " + String.join("; ", problems));
    }
  }
}
