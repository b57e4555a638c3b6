package org.vla4j.serve;

import java.util.Arrays;
import java.util.List;

/** The wire protocols vla4j serves (and speaks as a client), by their command-line names. */
public enum Protocol {
  /** OpenVLA's REST server ({@code vla-scripts/deploy.py}): POST /act with json_numpy. */
  OPENVLA_REST("openvla-rest"),
  /** openpi's websocket policy server ({@code openpi.serving.websocket_policy_server}). */
  OPENPI_WS("openpi-ws"),
  /** allenai/vla-evaluation-harness's model-server websocket protocol. */
  VLA_EVAL_WS("vla-eval-ws");

  private final String id;

  Protocol(String id) {
    this.id = id;
  }

  /** The command-line and URI-scheme name, e.g. {@code openpi-ws}. */
  public String id() {
    return id;
  }

  /** The names, for messages. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(Protocol::id).toList();
  }

  /** @throws IllegalArgumentException naming the bad name and listing the valid ones */
  public static Protocol byId(String id) {
    for (Protocol p : values()) if (p.id.equals(id)) return p;
    throw new IllegalArgumentException("unknown protocol '" + id + "'; valid protocols: " + ids());
  }
}
