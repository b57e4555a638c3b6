package org.vla4j.policy.vla;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.vla4j.policy.PolicyInput;
import org.vla4j.policy.steps.image.RgbImage;

/**
 * Several observations prepared for the ONNX graphs: images after the image steps, prompt ids, and
 * the inputs grouped by prompt length (the trunk graphs have no attention mask to pad with, so one
 * graph call takes prompts of one length), groups in increasing length, inputs in order within each.
 *
 * @param groups the input indices of each prompt length
 */
record ModelBatch(byte[][] agentviews, byte[][] wrists, long[][] prompts, Collection<List<Integer>> groups) {
  /**
   * @param model the model's name, for the error
   * @param preprocess the image steps
   * @param promptIds BOS + prompt ids of an instruction
   * @throws IllegalArgumentException if an input lacks the wrist image
   */
  static ModelBatch of(List<PolicyInput> inputs, String model, UnaryOperator<RgbImage> preprocess, Function<String, long[]> promptIds) {
    int b = inputs.size();
    byte[][] agent = new byte[b][], wrist = new byte[b][];
    long[][] prompts = new long[b][];
    Map<Integer, List<Integer>> byLength = new TreeMap<>();
    for (int i = 0; i < b; i++) {
      PolicyInput in = inputs.get(i);
      if (in.wrist() == null) throw new IllegalArgumentException("model '" + model + "' needs the wrist camera image");
      agent[i] = preprocess.apply(in.agentview()).data();
      wrist[i] = preprocess.apply(in.wrist()).data();
      prompts[i] = promptIds.apply(in.instruction());
      byLength.computeIfAbsent(prompts[i].length, k -> new ArrayList<>()).add(i);
    }
    return new ModelBatch(agent, wrist, prompts, byLength.values());
  }

  /** One group's agentview images, in group order. */
  List<byte[]> agentviews(List<Integer> group) {
    return group.stream().map(i -> agentviews[i]).toList();
  }

  /** One group's wrist images. */
  List<byte[]> wrists(List<Integer> group) {
    return group.stream().map(i -> wrists[i]).toList();
  }

  /** One group's prompts. */
  List<long[]> prompts(List<Integer> group) {
    return group.stream().map(i -> prompts[i]).toList();
  }
}
