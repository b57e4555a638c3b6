package org.vla4j.policy.remote.wire;

import java.nio.charset.StandardCharsets;

/**
 * A msgpack map key sent as <b>bin</b> (Python {@code bytes}, e.g. openpi's {@code b"__ndarray__"})
 * rather than as str. Keeping the two apart lets an encoder reproduce openpi's frames to the byte.
 *
 * @param text the key's bytes read as UTF-8
 */
public record BinKey(String text) {
  /** The key's bytes. */
  public byte[] bytes() {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
