package org.vla4j.policy.steps.gripper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Gripper conventions; expected values worked by hand from OpenVLA's LIBERO post-processing. */
class GripperConventionTest {

  @Test
  void liberoOpenVlaMapsOpenAndCloseToEnvUnits() {
    GripperConvention c = GripperConvention.LIBERO_OPENVLA;
    assertThat(c.stepNames()).containsExactly("2g-1", "binarize", "invert");
    assertThat(c.apply(1.0)).isEqualTo(-1.0); // model 1 = open → env −1 = open
    assertThat(c.apply(0.0)).isEqualTo(1.0); // model 0 = close → env +1 = close
    assertThat(c.apply(0.7)).isEqualTo(-1.0);
    assertThat(c.apply(0.3)).isEqualTo(1.0);
    assertThat(c.apply(0.5)).isEqualTo(-0.0); // numpy sign(0) = 0, then · −1
    assertThat(c.apply(-0.9960784313725490)).isEqualTo(1.0);
  }

  @Test
  void appliesToTheLastDimensionOfEveryActionInAChunk() {
    double[] chunk = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.9, 1, 2, 3, 4, 5, 6, 0.1};
    GripperConvention.LIBERO_OPENVLA.applyInPlace(chunk, 7);
    assertThat(chunk).containsExactly(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, -1.0, 1, 2, 3, 4, 5, 6, 1.0);
    double[] same = {0.25, 0.75};
    GripperConvention.IDENTITY.applyInPlace(same, 2);
    assertThat(same).containsExactly(0.25, 0.75);
  }

  @Test
  void stepsComposeInOrder() {
    GripperConvention invertOnly =
        new GripperConvention("x", java.util.List.of(new GripperStep.Invert(), new GripperStep.ZeroOneToSigned()));
    assertThat(invertOnly.apply(0.25)).isEqualTo(-1.5); // 2·(−0.25) − 1
  }

  @Test
  void unknownNameListsTheValidOnes() {
    assertThat(GripperConvention.byName("identity")).isSameAs(GripperConvention.IDENTITY);
    assertThatThrownBy(() -> GripperConvention.byName("bridge"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bridge'").hasMessageContaining("libero-openvla").hasMessageContaining("identity");
    assertThatThrownBy(() -> GripperConvention.IDENTITY.applyInPlace(new double[5], 7))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
