/**
 * L2 wire: the byte layout of braid packets and of the frames inside them.
 *
 * <p>Everything here is a pure function of bytes: encoders write into a caller's buffer,
 * decoders are total (any byte string either decodes or fails with {@link
 * braid.core.wire.WireFormatException}, nothing else escapes) and the hot-path decoder ({@link
 * braid.core.wire.FrameReader}) reports frames to a visitor without allocating. This layer
 * imports nothing from the layers above. docs/PROTOCOL.md is the byte-by-byte specification.
 */
package braid.core.wire;
