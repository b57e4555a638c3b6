package org.vla4j.policy.vla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vla4j.policy.steps.Fault;
import org.vla4j.policy.steps.ProcessorStep;
import org.vla4j.policy.steps.normalize.NormalizationStatistics;
import org.vla4j.policy.steps.normalize.StatisticsJson;

/** The shipped model's processor pipeline: built from its files, one named step replaced per fault, every config key honoured or refused. */
class VlaProcessorsTest {
  static final Path MODEL = Path.of("models/tiny-vla");
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  static VlaProcessors shipped() {
    return VlaProcessors.of(VlaModelConfig.read(MODEL), stats(), null);
  }

  static NormalizationStatistics stats() {
    return StatisticsJson.read(MODEL.resolve("dataset_statistics.json"));
  }

  @Test
  void theShippedModelsPipelineComesFromItsConfig() {
    assertThat(shipped().names("model")).containsExactly("image:rotate180", "prompt:openvla", "tokenize:tokenizer.json", "model",
        "detokenize:openvla vocab 598", "unnormalize:vla4j_object", "gripper:libero-openvla");
  }

  @Test
  void eachFaultReplacesExactlyTheStepItNames() {
    List<String> clean = shipped().names("model");
    for (Fault f : Fault.injected()) {
      List<String> broken = shipped().withFault(f, stats(), MODEL).names("model");
      List<String> changed = new ArrayList<>(clean);
      changed.removeAll(broken);
      assertThat(changed).as(f.wireName()).hasSize(1);
      assertThat(changed.getFirst()).as(f.wireName()).startsWith(f.replaces().label() + ":");
    }
    assertThat(shipped().withFault(Fault.BAD_UNNORM, stats(), MODEL).unnormalize().unnormKey())
        .as("the other key of the model's own statistics file").isEqualTo("vla4j_object_coarse");
    assertThat(shipped().withFault(Fault.NONE, stats(), MODEL).names("model")).isEqualTo(clean);
  }

  @Test
  void aFaultWithoutItsStepIsRefused() throws Exception {
    Path dir = copyWith(n -> n.put("rotation", "none"));
    VlaProcessors p = VlaProcessors.of(VlaModelConfig.read(dir), stats(), null);
    assertThatThrownBy(() -> p.withFault(Fault.NO_FLIP, stats(), dir)).hasMessageContaining("no 180° rotation");
    NormalizationStatistics one = NormalizationStatistics.of("vla4j_object", stats().forKey("vla4j_object"));
    assertThatThrownBy(() -> shipped().withFault(Fault.BAD_UNNORM, one, dir)).hasMessageContaining("holds no key but 'vla4j_object'");
  }

  @Test
  void resizeAndCenterCropAreHonoured() throws Exception {
    Path dir = copyWith(n -> {
      ObjectNode r = n.putObject("resize");
      r.put("height", 128).put("width", 128).put("method", "tf-lanczos3-antialias");
      n.put("center_crop", 0.9);
    });
    VlaProcessors p = VlaProcessors.of(VlaModelConfig.read(dir), stats(), null);
    assertThat(p.imageSteps()).extracting(ProcessorStep::name)
        .containsExactly("image:rotate180", "image:resize(128x128, tf-lanczos3-antialias)", "image:center-crop(area=0.9)");
  }

  @Test
  void unknownOrMalformedKeysAreRefusedByName() throws Exception {
    assertThatThrownBy(() -> VlaModelConfig.read(copyWith(n -> n.put("jpeg_quality", 95))))
        .hasMessageContaining("unknown key(s) [jpeg_quality]");
    assertThatThrownBy(() -> VlaModelConfig.read(copyWith(n -> n.put("center_crop", 1.5)))).hasMessageContaining("'center_crop'");
    assertThatThrownBy(() -> VlaModelConfig.read(copyWith(n -> n.put("resize", "224")))).hasMessageContaining("'resize'");
    assertThatThrownBy(() -> VlaModelConfig.read(copyWith(n -> n.putObject("resize").put("height", 224).put("width", 224)
        .put("method", "cubic")))).hasMessageContaining("unknown resize method 'cubic'");
    VlaModelConfig flipped = VlaModelConfig.read(copyWith(n -> n.put("image_orientation_in", "upright")));
    assertThatThrownBy(() -> flipped.checkAgainst(ShippedModelGoldenTest.ENV)).hasMessageContaining("image_orientation_in 'upright'");
  }

  @Test
  void anUnnormKeyOverrideMustExistInTheStatistics() {
    assertThat(VlaProcessors.of(VlaModelConfig.read(MODEL), stats(), "vla4j_object_coarse").unnormalize().name())
        .isEqualTo("unnormalize:vla4j_object_coarse");
    assertThatThrownBy(() -> VlaProcessors.of(VlaModelConfig.read(MODEL), stats(), "bridge_orig"))
        .hasMessageContaining("bridge_orig").hasMessageContaining("vla4j_object");
  }

  @Test
  void aGraphOfTheWrongKindIsRefusedAtLoad() throws Exception {
    Path dir = copyWith(n -> {});
    for (String f : List.of("tokenizer.json", "vision.onnx")) Files.copy(MODEL.resolve(f), dir.resolve(f));
    Files.copy(MODEL.resolve("vision.onnx"), dir.resolve("model.onnx")); // the vision graph where the trunk should be
    assertThatThrownBy(() -> OnnxVlaPolicy.load(dir, ShippedModelGoldenTest.ENV, OnnxVlaPolicy.Overrides.NONE, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model.onnx is not the trunk graph config.json names")
        .hasMessageContaining("no input 'input_ids'");
  }

  @Test
  void anEmptyOrGarbageTokenizerIsNamed() throws Exception {
    for (String content : List.of("", "{not json")) {
      Path dir = copyWith(n -> {});
      Files.writeString(dir.resolve("tokenizer.json"), content);
      assertThatThrownBy(() -> OnnxVlaPolicy.load(dir, ShippedModelGoldenTest.ENV, OnnxVlaPolicy.Overrides.NONE, 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot load tokenizer " + dir.resolve("tokenizer.json"));
    }
  }

  interface Edit {
    void apply(ObjectNode config);
  }

  /** The shipped model's config.json, edited, in a folder beside copies of its statistics. */
  Path copyWith(Edit edit) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "model");
    ObjectNode n = (ObjectNode) JSON.readTree(MODEL.resolve("config.json").toFile());
    edit.apply(n);
    JSON.writeValue(dir.resolve("config.json").toFile(), n);
    Files.copy(MODEL.resolve("dataset_statistics.json"), dir.resolve("dataset_statistics.json"));
    return dir;
  }
}
