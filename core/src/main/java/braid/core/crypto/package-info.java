/**
 * L5 secure channel: the Noise IK handshake ({@code Noise_IK_25519_AESGCM_SHA256}), per-direction
 * AES-256-GCM transport keys with counter nonces, replay windows, rekeying, and WireGuard-style
 * mac1/mac2 cookies that keep a loaded responder from doing Diffie-Hellman for strangers.
 *
 * <p>Pure state machines: randomness and time are passed in, nothing here reads a clock, opens a
 * socket or starts a thread. {@link braid.core.crypto.SecureChannel} is the entry type the session
 * layer uses; {@link braid.core.crypto.HandshakeResponder} and {@link
 * braid.core.crypto.HandshakeInitiator} build and check the handshake packets.
 */
package braid.core.crypto;
