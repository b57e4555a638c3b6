package org.vla4j.mujoco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OffscreenRendererTest {
  private static final SceneFlags FAST = new SceneFlags(false, false, false);

  /** A camera looking down at a floor; a red box sits in the upper part of the picture, a blue one in the lower. */
  static final String SCENE = """
      <mujoco>
        <visual><quality offsamples="0" shadowsize="512"/><global offwidth="64" offheight="64"/>
          <headlight ambient="0.6 0.6 0.6" diffuse="0.3 0.3 0.3"/></visual>
        <worldbody>
          <geom type="plane" size="1 1 0.1" rgba="0.5 0.5 0.5 1"/>
          <geom name="red" type="box" pos="0 0.25 0.05" size="0.1 0.1 0.05" rgba="1 0 0 1"/>
          <geom name="blue" type="box" pos="0 -0.25 0.05" size="0.1 0.1 0.05" rgba="0 0 1 1"/>
          <camera name="top" pos="0 0 1.5" xyaxes="1 0 0 0 1 0" fovy="45"/>
        </worldbody>
      </mujoco>
      """;

  @Test
  void rowsComeOutBottomUpLikeGlReadPixels() {
    try (MjModel m = MjModel.fromXml(SCENE); MjData d = new MjData(m);
        OffscreenRenderer r = new OffscreenRenderer(m, 64, 64, FAST)) {
      d.forward();
      byte[] img = r.render(d, "top");
      // In the camera's upright view +y (red) is at the top. Bottom-up rows put it at high row indices.
      double redRow = centroidRow(img, 64, 0);
      double blueRow = centroidRow(img, 64, 2);
      assertThat(redRow).as("red box rows").isGreaterThan(40);
      assertThat(blueRow).as("blue box rows").isLessThan(24);
    }
  }

  @Test
  void sameStateGivesByteIdenticalFrames() {
    try (MjModel m = MjModel.fromXml(SCENE); MjData d = new MjData(m);
        OffscreenRenderer r = new OffscreenRenderer(m, 64, 64, FAST)) {
      d.forward();
      byte[] a = r.render(d, "top");
      byte[] b = r.render(d, "top");
      assertThat(b).isEqualTo(a);
      assertThat(r.glContext().glRenderer()).isNotBlank();
    }
  }

  @Test
  void refusesMultisamplingAndOversizedFrames() {
    try (MjModel m = MjModel.fromXml(SCENE.replace("offsamples=\"0\"", "offsamples=\"4\""))) {
      assertThatThrownBy(() -> new OffscreenRenderer(m, 64, 64, FAST)).hasMessageContaining("offsamples");
    }
    try (MjModel m = MjModel.fromXml(SCENE)) {
      assertThatThrownBy(() -> new OffscreenRenderer(m, 128, 128, FAST)).hasMessageContaining("offwidth");
    }
  }

  /** Mean row index of pixels dominated by one channel (0 red, 2 blue). */
  static double centroidRow(byte[] img, int width, int channel) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < img.length / 3; i++) {
      int v = Byte.toUnsignedInt(img[i * 3 + channel]);
      int o1 = Byte.toUnsignedInt(img[i * 3 + (channel + 1) % 3]);
      int o2 = Byte.toUnsignedInt(img[i * 3 + (channel + 2) % 3]);
      if (v > o1 + 60 && v > o2 + 60) {
        sum += i / width;
        n++;
      }
    }
    if (n == 0) throw new AssertionError("no pixels dominated by channel " + channel);
    return sum / n;
  }
}
