/**
 * Policy servers (docs/ARCHITECTURE.md): any {@link org.vla4j.policy.Policy} behind the OpenVLA
 * REST, openpi websocket or vla-eval websocket protocol ({@link org.vla4j.serve.Protocol}), on Jetty
 * 12.1, with a bounded pool of policy instances, size limits, clear error replies, {@code /healthz}
 * and a graceful stop. Wire formats come from {@code org.vla4j.policy.remote.wire}. See docs/REMOTE.md.
 */
package org.vla4j.serve;
