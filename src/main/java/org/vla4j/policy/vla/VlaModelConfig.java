package org.vla4j.policy.vla;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vla4j.policy.EnvSpec;

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
 * @param rotation image orientation step: {@code rot180} (OpenVLA on LIBERO) or {@code none}
 * @param promptTemplate built-in template name
 * @param tokenizer tokenizer file (HuggingFace tokenizer.json)
 * @param actionScheme action tokenizer scheme, {@code openvla}
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
    String name, String visionOnnx, String trunkOnnx, int imageSize, List<String> cameras, String rotation,
    String promptTemplate, String tokenizer, String actionScheme, int vocabSize, int nBins, int actionDim, String unnormKey,
    String gripperConvention, int depth, int heads, int width, String controller, int controlHz, String mujocoVersion,
    String renderer) {

  /**
   * Reads {@code dir/config.json}.
   *
   * @throws IllegalArgumentException if the file is missing, unreadable, or lacks a field (named)
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
    List<String> cams = new ArrayList<>();
    require(n, "cameras", f).forEach(c -> cams.add(c.asText()));
    JsonNode trunk = require(n, "trunk", f);
    return new VlaModelConfig(text(n, "name", f), text(require(n, "onnx", f), "vision", f), text(n.get("onnx"), "trunk", f),
        require(n, "image_size", f).asInt(), cams, text(n, "rotation", f), text(n, "prompt_template", f), text(n, "tokenizer", f),
        text(n, "action_scheme", f), require(n, "vocab_size", f).asInt(), require(n, "n_action_bins", f).asInt(),
        require(n, "action_dim", f).asInt(), text(n, "unnorm_key", f), text(n, "gripper_convention", f),
        require(trunk, "depth", f).asInt(), require(trunk, "heads", f).asInt(), require(trunk, "width", f).asInt(),
        text(n, "controller", f), require(n, "control_hz", f).asInt(), text(n, "mujoco_version", f), n.path("renderer").asText("unknown"));
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
    if (imageSize != env.imageSize()) problems.add("image size " + imageSize + " (env renders " + env.imageSize() + ")");
    for (String c : cameras) if (!env.cameras().contains(c)) problems.add("camera '" + c + "' (env renders " + env.cameras() + ")");
    if (!controller.equals(env.controller())) problems.add("controller " + controller + " (env: " + env.controller() + ")");
    if (controlHz != env.controlHz()) problems.add("control rate " + controlHz + " Hz (env: " + env.controlHz() + " Hz)");
    if (!mujocoVersion.equals(env.mujocoVersion())) problems.add("MuJoCo " + mujocoVersion + " (env: " + env.mujocoVersion() + ")");
    if (actionDim != 7) problems.add("action_dim " + actionDim + " (env takes 7)");
    if (!actionScheme.equals("openvla")) problems.add("action scheme '" + actionScheme + "' (supported: openvla)");
    if (!List.of("rot180", "none").contains(rotation)) problems.add("rotation '" + rotation + "' (valid: rot180, none)");
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("model '" + name + "' was built for another setup: " + String.join("; ", problems));
    }
  }
}
