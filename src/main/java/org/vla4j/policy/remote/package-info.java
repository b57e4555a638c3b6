/**
 * Remote policy clients (docs/ARCHITECTURE.md, docs/REMOTE.md): {@link org.vla4j.policy.Policy}
 * implementations that ask an OpenVLA REST, openpi or vla-eval server for actions, with timeouts,
 * bounded connection retries and clear errors; {@link org.vla4j.policy.ChunkPolicy} and
 * {@link org.vla4j.policy.ActionChunk} for servers that answer chunks; {@link
 * org.vla4j.policy.remote.RemotePolicies} for the URI forms. See docs/REMOTE.md.
 */
package org.vla4j.policy.remote;
