package org.vla4j.policy.remote;

import java.util.Map;
import org.vla4j.policy.Policy;

/**
 * A {@link Policy} whose actions come from a server over the network ({@link OpenVlaRestPolicy},
 * {@link OpenPiWebSocketPolicy}, {@link VlaEvalWebSocketPolicy}). Besides the Policy contract it
 * says where it talks to and what the server said about itself, for a run's {@code config.json}.
 *
 * <p>Its {@link #name()} (the {@code tag} of every step line in {@code steps.jsonl}) is the URI's
 * {@code tag} option if given, else the policy name the server advertises (openpi metadata {@code
 * policy}, vla-eval hello {@code policy}; available once connected), else the scheme (e.g. {@code
 * openvla-rest}: the OpenVLA REST protocol advertises nothing). It never contains the port, so the
 * same policy behind another port logs the same lines. Not thread-safe.
 */
public interface RemotePolicy extends Policy {
  /** The URI scheme, one of {@link RemotePolicies#SCHEMES}. */
  String protocol();

  /** Where requests go, e.g. {@code http://127.0.0.1:8000/act} or {@code ws://127.0.0.1:8000/}. */
  String address();

  /**
   * Connects now (the first {@link #act} otherwise does): the websocket protocols open the
   * connection and read the server's metadata frame / hello reply; the REST client checks that
   * the address answers HTTP at all ({@code GET /act}, any status), since the protocol has no
   * metadata request.
   *
   * @throws RemotePolicyException if the server is unreachable (after the bounded attempts), times
   *     out or does not speak the protocol
   */
  void connect();

  /**
   * What {@code config.json} records about the server: {@code protocol}, {@code address} and, for
   * the websocket protocols once connected, {@code metadata} (the openpi metadata frame or the
   * vla-eval hello payload, converted to JSON values: strings, numbers, booleans, lists, maps;
   * ndarrays and bytes as their description). Keys in insertion order.
   */
  Map<String, Object> describe();
}
