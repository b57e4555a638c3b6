package org.vla4j.policy.steps.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Prompt templates; expected strings written out from OpenVLA's published prompt formats. */
class PromptTemplateTest {

  @Test
  void openVlaPromptLowercasesAndEndsWithOutColon() {
    assertThat(PromptTemplate.OPENVLA.format("Pick up the Alphabet Soup and place it in the basket"))
        .isEqualTo("In: What action should the robot take to pick up the alphabet soup and place it in the basket?\nOut:");
  }

  @Test
  void openVlaV01HasTheVicunaSystemPrompt() {
    assertThat(PromptTemplate.builtIn("openvla-v01").format("Open the DRAWER"))
        .isEqualTo("A chat between a curious user and an artificial intelligence assistant. The assistant"
            + " gives helpful, detailed, and polite answers to the user's questions. USER: What action"
            + " should the robot take to open the drawer? ASSISTANT:");
  }

  @Test
  void rephrasedDrillTemplate() {
    assertThat(PromptTemplate.builtIn("rephrased").format("Put the BOWL on the plate"))
        .isEqualTo("What action should the robot take? put the bowl on the plate");
  }

  @Test
  void customTemplates() {
    assertThat(PromptTemplate.custom("Task: {instruction}. Go.", false).format("Stack Cups"))
        .isEqualTo("Task: Stack Cups. Go.");
    assertThat(PromptTemplate.custom("{instruction}|{instruction}", true).format("A"))
        .isEqualTo("a|a");
    assertThatThrownBy(() -> PromptTemplate.custom("no placeholder", true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{instruction}");
    assertThatThrownBy(() -> PromptTemplate.builtIn("octo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'octo'").hasMessageContaining("openvla-v01").hasMessageContaining("rephrased");
  }
}
