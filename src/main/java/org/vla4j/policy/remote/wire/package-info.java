/**
 * The wire formats of the remote protocols, byte-compatible with their reference implementations:
 * json_numpy (OpenVLA REST), openpi's msgpack-numpy (bytes keys, {@code __npgeneric__}), vla-eval's
 * msgpack (str keys, {@code __image__}, the typed envelope). Values decode to plain Java plus {@link
 * org.vla4j.policy.remote.wire.NdArray}; dtypes are limited to bool/int/uint/float ({@link
 * org.vla4j.policy.remote.wire.DType}); malformed input is a {@link
 * org.vla4j.policy.remote.wire.WireException}.
 */
package org.vla4j.policy.remote.wire;
