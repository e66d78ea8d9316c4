package braid.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fixed-size handshake payloads, transport parameters and the packet layouts around them. */
class HandshakePayloadsTest {

  private static final long U32 = 0xFFFF_FFFFL;

  static TransportParameters parameters(SplittableRandom r, int i) {
    return switch (i) {
      case 0 -> new TransportParameters(0, 0, 0, 0);
      case 1 -> new TransportParameters(-1, Long.MAX_VALUE, U32, U32);
      case 2 -> new TransportParameters(Capabilities.ALL, 1L << 31, 1L << 31, 1L << 31);
      case 3 -> new TransportParameters(Integer.MIN_VALUE, U32 + 1, 0x7FFF_FFFF, 1);
      default -> new TransportParameters(r.nextInt(), r.nextLong() >>> (1 + r.nextInt(63)),
          r.nextLong(U32 + 1), r.nextLong(U32 + 1));
    };
  }

  @Test
  void transportParametersRoundTripInTwentyBytes() throws Exception {
    SplittableRandom r = new SplittableRandom(WireGen.SEED + 20);
    for (int i = 0; i < 20_000; i++) {
      TransportParameters p = parameters(r, i);
      ByteBuffer buf = ByteBuffer.allocate(TransportParameters.LENGTH + 3);
      p.write(buf);
      assertThat(buf.position()).as("case %d %s", i, p).isEqualTo(TransportParameters.LENGTH);
      buf.flip();
      assertThat(TransportParameters.read(buf)).as("case %d", i).isEqualTo(p);
      assertThat(buf.hasRemaining()).isFalse();
    }
  }

  @Test
  void transportParametersLayoutIsBigEndianAtTheDocumentedOffsets() {
    ByteBuffer buf = ByteBuffer.allocate(TransportParameters.LENGTH);
    new TransportParameters(0x01020304, 0x05060708090a0b0cL, 0x0d0e0f10L, 0xfffffffeL).write(buf);
    assertThat(WireGen.hex(buf.array()))
        .isEqualTo("01020304" + "05060708090a0b0c" + "0d0e0f10" + "fffffffe");
  }

  @Test
  void transportParametersRejectBadInput() {
    assertThatThrownBy(() -> TransportParameters.read(ByteBuffer.allocate(19)))
        .isInstanceOf(WireFormatException.class);
    ByteBuffer negative = ByteBuffer.allocate(20);
    negative.putInt(0).putLong(-1).putInt(0).putInt(0).flip();
    assertThatThrownBy(() -> TransportParameters.read(negative))
        .isInstanceOf(WireFormatException.class);
    assertThatThrownBy(() -> new TransportParameters(0, -1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TransportParameters(0, 0, U32 + 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TransportParameters(0, 0, 0, U32 + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TransportParameters(0, 0, -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void initiationPayloadRoundTripsAndKeepsItsLayout() throws Exception {
    SplittableRandom r = new SplittableRandom(WireGen.SEED + 21);
    for (int i = 0; i < 5_000; i++) {
      byte[] key = WireGen.bytes(r, 32);
      byte[] ts = WireGen.bytes(r, 12);
      long tag = i == 0 ? 0 : i == 1 ? -1 : r.nextLong();
      TransportParameters params = parameters(r, i);
      InitiationPayload p = new InitiationPayload(key, ts, tag, params);
      byte[] enc = p.encode();
      assertThat(enc).as("case %d", i).hasSize(InitiationPayload.LENGTH);
      assertThat(InitiationPayload.decode(enc)).as("case %d", i).isEqualTo(p);
      ByteBuffer b = ByteBuffer.wrap(enc);
      assertThat(slice(enc, 0, 32)).isEqualTo(key);
      assertThat(slice(enc, 32, 12)).isEqualTo(ts);
      assertThat(b.getLong(44)).isEqualTo(tag);
      assertThat(TransportParameters.read(b.position(52))).isEqualTo(params);
    }
  }

  @Test
  void responsePayloadRoundTripsAndKeepsItsLayout() throws Exception {
    SplittableRandom r = new SplittableRandom(WireGen.SEED + 22);
    for (int i = 0; i < 5_000; i++) {
      long tag = i == 0 ? 0 : i == 1 ? -1 : r.nextLong();
      ResponsePayload p = new ResponsePayload(tag, parameters(r, i));
      byte[] enc = p.encode();
      assertThat(enc).as("case %d", i).hasSize(ResponsePayload.LENGTH);
      assertThat(ResponsePayload.decode(enc)).as("case %d", i).isEqualTo(p);
      assertThat(ByteBuffer.wrap(enc).getLong(0)).isEqualTo(tag);
      assertThat(TransportParameters.read(ByteBuffer.wrap(enc).position(8)))
          .isEqualTo(p.parameters());
    }
  }

  @Test
  void payloadsOfTheWrongLengthAreRejected() {
    for (int len : new int[] {0, 1, 27, 29, 71, 73, 100}) {
      byte[] bytes = new byte[len];
      if (len != InitiationPayload.LENGTH) {
        assertThatThrownBy(() -> InitiationPayload.decode(bytes)).as("initiation %d", len)
            .isInstanceOf(WireFormatException.class);
      }
      if (len != ResponsePayload.LENGTH) {
        assertThatThrownBy(() -> ResponsePayload.decode(bytes)).as("response %d", len)
            .isInstanceOf(WireFormatException.class);
      }
    }
    TransportParameters p = new TransportParameters(0, 0, 0, 0);
    assertThatThrownBy(() -> new InitiationPayload(new byte[31], new byte[12], 0, p))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InitiationPayload(new byte[32], new byte[11], 0, p))
        .isInstanceOf(IllegalArgumentException.class);
    // a negative max data inside a payload is a wire error, not an IllegalArgumentException
    byte[] bad = new ResponsePayload(1, p).encode();
    bad[12] = (byte) 0x80;
    assertThatThrownBy(() -> ResponsePayload.decode(bad)).isInstanceOf(WireFormatException.class);
  }

  @Test
  void handshakeLayoutOffsetsAreContiguous() {
    int key = HandshakeLayout.KEY;
    int tag = HandshakeLayout.TAG;
    int mac = HandshakeLayout.MAC;
    assertThat(HandshakeLayout.INIT_SENDER).isEqualTo(1);
    assertThat(HandshakeLayout.INIT_EPHEMERAL).isEqualTo(HandshakeLayout.INIT_SENDER + 4)
        .isEqualTo(HandshakeLayout.INIT_NOISE);
    assertThat(HandshakeLayout.INIT_STATIC).isEqualTo(HandshakeLayout.INIT_EPHEMERAL + key);
    assertThat(HandshakeLayout.INIT_PAYLOAD).isEqualTo(HandshakeLayout.INIT_STATIC + key + tag);
    assertThat(HandshakeLayout.INIT_MAC1)
        .isEqualTo(HandshakeLayout.INIT_PAYLOAD + InitiationPayload.LENGTH + tag);
    assertThat(HandshakeLayout.INIT_MAC2).isEqualTo(HandshakeLayout.INIT_MAC1 + mac);
    assertThat(HandshakeLayout.INIT_LENGTH).isEqualTo(HandshakeLayout.INIT_MAC2 + mac)
        .isEqualTo(205);

    assertThat(HandshakeLayout.RESP_RECEIVER).isEqualTo(HandshakeLayout.RESP_SENDER + 4);
    assertThat(HandshakeLayout.RESP_EPHEMERAL).isEqualTo(HandshakeLayout.RESP_RECEIVER + 4)
        .isEqualTo(HandshakeLayout.RESP_NOISE);
    assertThat(HandshakeLayout.RESP_PAYLOAD).isEqualTo(HandshakeLayout.RESP_EPHEMERAL + key);
    assertThat(HandshakeLayout.RESP_MAC1)
        .isEqualTo(HandshakeLayout.RESP_PAYLOAD + ResponsePayload.LENGTH + tag);
    assertThat(HandshakeLayout.RESP_MAC2).isEqualTo(HandshakeLayout.RESP_MAC1 + mac);
    assertThat(HandshakeLayout.RESP_LENGTH).isEqualTo(HandshakeLayout.RESP_MAC2 + mac)
        .isEqualTo(117);

    assertThat(HandshakeLayout.COOKIE_NONCE).isEqualTo(HandshakeLayout.COOKIE_RECEIVER + 4);
    assertThat(HandshakeLayout.COOKIE_ENCRYPTED)
        .isEqualTo(HandshakeLayout.COOKIE_NONCE + HandshakeLayout.COOKIE_NONCE_LENGTH);
    assertThat(HandshakeLayout.COOKIE_LENGTH)
        .isEqualTo(HandshakeLayout.COOKIE_ENCRYPTED + HandshakeLayout.COOKIE_LENGTH_PLAIN + tag)
        .isEqualTo(49);

    assertThat(HandshakeLayout.lengthOf(PacketType.HANDSHAKE_INITIATION)).isEqualTo(205);
    assertThat(HandshakeLayout.lengthOf(PacketType.HANDSHAKE_RESPONSE)).isEqualTo(117);
    assertThat(HandshakeLayout.lengthOf(PacketType.COOKIE_REPLY)).isEqualTo(49);
    assertThat(HandshakeLayout.lengthOf(PacketType.TRANSPORT_DATA)).isEqualTo(-1);
    assertThat(HandshakeLayout.lengthOf((byte) 0)).isEqualTo(-1);
  }

  @Test
  void packetTypesCarryTheVersionInTheHighNibble() {
    for (byte t : new byte[] {PacketType.HANDSHAKE_INITIATION, PacketType.HANDSHAKE_RESPONSE,
        PacketType.COOKIE_REPLY, PacketType.TRANSPORT_DATA}) {
      assertThat((t & 0xF0) >>> 4).isEqualTo(PacketType.VERSION);
      assertThat(PacketType.name(t)).doesNotStartWith("unknown");
    }
    assertThat(PacketType.name((byte) 0x21)).isEqualTo("unknown-0x21");
  }

  @Test
  void transportHeaderPacksPathAndPacketNumberIntoTheCounter() {
    SplittableRandom r = new SplittableRandom(WireGen.SEED + 23);
    for (int i = 0; i < 20_000; i++) {
      int path = i == 0 ? TransportHeader.MAX_PATH_ID : WireGen.pathId(r);
      long pn = i == 0 ? TransportHeader.MAX_PACKET_NUMBER
          : r.nextLong(TransportHeader.MAX_PACKET_NUMBER + 1);
      int index = r.nextInt();
      long counter = TransportHeader.counter(path, pn);
      assertThat(TransportHeader.pathId(counter)).as("case %d", i).isEqualTo(path);
      assertThat(TransportHeader.packetNumber(counter)).as("case %d", i).isEqualTo(pn);
      int offset = r.nextInt(8);
      ByteBuffer buf = ByteBuffer.allocate(offset + TransportHeader.LENGTH);
      TransportHeader.write(buf, offset, index, counter);
      assertThat(buf.get(offset)).isEqualTo(PacketType.TRANSPORT_DATA);
      assertThat(TransportHeader.receiverIndex(buf, offset)).isEqualTo(index);
      assertThat(TransportHeader.counter(buf, offset)).isEqualTo(counter);
      assertThat(buf.position()).as("absolute writes leave the position alone").isZero();
    }
    assertThat(TransportHeader.MIN_PACKET).isEqualTo(30);
  }

  @Test
  void capabilitiesDescribeThemselves() {
    assertThat(Capabilities.describe(0)).isEqualTo("none");
    assertThat(Capabilities.describe(Capabilities.ALL)).isEqualTo("multipath,sack,fec,datagrams");
    assertThat(Capabilities.has(Capabilities.ALL | 1 << 20, Capabilities.FEC)).isTrue();
    assertThat(Capabilities.has(Capabilities.SACK, Capabilities.FEC)).isFalse();
  }

  private static byte[] slice(byte[] b, int from, int length) {
    byte[] out = new byte[length];
    System.arraycopy(b, from, out, 0, length);
    return out;
  }
}
