package org.vla4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The PNG encoder against its own decoder and against ImageIO (an independent decoder). */
class PngTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void roundTripsThroughOurDecoderAndImageIo(long seed) throws Exception {
    SplittableRandom rng = new SplittableRandom(seed);
    int w = 5 + rng.nextInt(40), h = 3 + rng.nextInt(40);
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < rgb.length; i++) rgb[i] = (byte) (rng.nextInt(4) == 0 ? rng.nextInt(256) : i % 7 * 30);
    byte[] png = Png.encodeRgb(rgb, w, h);
    Png.Rgb back = Png.decodeRgb(png);
    assertThat(back.width()).isEqualTo(w);
    assertThat(back.height()).isEqualTo(h);
    assertThat(back.pixels()).isEqualTo(rgb);
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(img.getWidth()).isEqualTo(w);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = img.getRGB(x, y), o = (y * w + x) * 3;
        assertThat((p >> 16) & 0xff).isEqualTo(rgb[o] & 0xff);
        assertThat((p >> 8) & 0xff).isEqualTo(rgb[o + 1] & 0xff);
        assertThat(p & 0xff).isEqualTo(rgb[o + 2] & 0xff);
      }
    }
    assertThat(Png.encodeRgb(rgb, w, h)).as("deterministic").isEqualTo(png);
  }
}
