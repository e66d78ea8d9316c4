package braid.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The frame decoder is total: every byte string either decodes or fails with {@link
 * WireFormatException}, nothing else ever escapes, and {@link FrameReader#validate} always agrees
 * with {@link FrameReader#read}.
 */
class FrameDecoderTotalityTest {

  private static final int CASES = 200_000;

  /** Decodes {@code input} both ways and fails with the hex input on anything unexpected. */
  private static void check(byte[] input, String what) {
    ByteBuffer forValidate = ByteBuffer.wrap(input);
    boolean validates;
    try {
      new FrameReader().validate(forValidate);
      validates = true;
    } catch (WireFormatException e) {
      validates = false;
    } catch (Throwable t) {
      throw new AssertionError(what + ": validate threw " + t + " on " + WireGen.hex(input), t);
    }
    if (forValidate.position() != 0) {
      fail("%s: validate moved the position on %s", what, WireGen.hex(input));
    }
    ByteBuffer forDecode = ByteBuffer.wrap(input);
    List<Frame> frames;
    try {
      frames = Frames.decode(forDecode);
    } catch (WireFormatException e) {
      if (validates) {
        fail("%s: validate accepted but decode rejected (%s): %s", what, e.getMessage(),
            WireGen.hex(input));
      }
      return;
    } catch (Throwable t) {
      throw new AssertionError(what + ": decode threw " + t + " on " + WireGen.hex(input), t);
    }
    if (!validates) {
      fail("%s: decode accepted but validate rejected: %s", what, WireGen.hex(input));
    }
    if (forDecode.hasRemaining()) {
      fail("%s: decode stopped before the limit on %s", what, WireGen.hex(input));
    }
    reencode(frames, input, what);
  }

  /**
   * What decoded re-encodes into bytes that decode to the same frames (the encoding may differ:
   * non-minimal varints, STREAM without a length). A CLOSE reason that is not UTF-8 turns into
   * replacement characters that may no longer fit 1024 bytes, so those are skipped.
   */
  private static void reencode(List<Frame> frames, byte[] input, String what) {
    for (Frame f : frames) {
      if (f instanceof Frame.Close c
          && c.reason().getBytes(StandardCharsets.UTF_8).length > FrameReader.MAX_REASON_LENGTH) {
        return;
      }
    }
    byte[] again = Frames.encode(frames, 4 * input.length + 64);
    try {
      assertThat(Frames.decode(ByteBuffer.wrap(again))).as("%s: %s", what, WireGen.hex(input))
          .isEqualTo(frames);
    } catch (WireFormatException e) {
      fail("%s: re-encoding of %s does not decode (%s): %s", what, WireGen.hex(input),
          e.getMessage(), WireGen.hex(again));
    }
  }

  @Test
  void randomByteStringsDecodeOrFailCleanly() {
    SplittableRandom r = new SplittableRandom(WireGen.SEED + 10);
    for (int i = 0; i < CASES; i++) {
      check(randomInput(r), "random case " + i);
    }
  }

  @Test
  void mutatedValidPacketsDecodeOrFailCleanly() {
    SplittableRandom r = new SplittableRandom(WireGen.SEED + 11);
    for (int i = 0; i < CASES; i++) {
      byte[] valid = WireGen.encode(WireGen.packet(r, 1 + r.nextInt(6), 200));
      byte[] mutated = valid;
      int mutations = 1 + r.nextInt(3);
      for (int m = 0; m < mutations; m++) {
        mutated = mutate(r, mutated);
      }
      check(mutated, "mutation case " + i);
    }
  }

  @Test
  void everyTwoByteStringDecodesOrFailsCleanly() {
    for (int a = 0; a < 256; a++) {
      check(new byte[] {(byte) a}, "one byte");
      for (int b = 0; b < 256; b++) {
        check(new byte[] {(byte) a, (byte) b}, "two bytes");
      }
    }
  }

  /**
   * Lengths 0..1500 (half of them short), and mostly shaped like frames: a known type byte first,
   * often followed by further type bytes and small varints so the decoder gets deep.
   */
  private static byte[] randomInput(SplittableRandom r) {
    int length = r.nextBoolean() ? r.nextInt(65) : r.nextInt(1501);
    byte[] b = new byte[length];
    r.nextBytes(b);
    if (length == 0) {
      return b;
    }
    switch (r.nextInt(4)) {
      case 0 -> { } // raw noise
      case 1 -> b[0] = (byte) WireGen.FRAME_TYPES[r.nextInt(WireGen.FRAME_TYPES.length)];
      default -> {
        // type bytes and one-byte varints sprinkled through the noise
        for (int i = 0; i < length; i++) {
          int pick = r.nextInt(4);
          if (pick == 0) {
            b[i] = (byte) WireGen.FRAME_TYPES[r.nextInt(WireGen.FRAME_TYPES.length)];
          } else if (pick == 1) {
            b[i] = (byte) r.nextInt(64);
          }
        }
        b[0] = (byte) WireGen.FRAME_TYPES[r.nextInt(WireGen.FRAME_TYPES.length)];
      }
    }
    return b;
  }

  private static byte[] mutate(SplittableRandom r, byte[] in) {
    switch (r.nextInt(6)) {
      case 0 -> { // flip one to four bits
        byte[] out = in.clone();
        if (out.length > 0) {
          for (int k = 1 + r.nextInt(4); k > 0; k--) {
            out[r.nextInt(out.length)] ^= (byte) (1 << r.nextInt(8));
          }
        }
        return out;
      }
      case 1 -> { // replace bytes with random ones or interesting values
        byte[] out = in.clone();
        if (out.length > 0) {
          byte[] interesting = {0, (byte) 0xff, 0x3f, 0x40, (byte) 0x80, (byte) 0xc0, 0x7f};
          for (int k = 1 + r.nextInt(3); k > 0; k--) {
            out[r.nextInt(out.length)] = r.nextBoolean()
                ? (byte) r.nextInt(256) : interesting[r.nextInt(interesting.length)];
          }
        }
        return out;
      }
      case 2 -> { // truncate
        return Arrays.copyOf(in, in.length == 0 ? 0 : r.nextInt(in.length));
      }
      case 3 -> { // extend with random bytes
        byte[] out = Arrays.copyOf(in, in.length + 1 + r.nextInt(16));
        for (int i = in.length; i < out.length; i++) {
          out[i] = (byte) r.nextInt(256);
        }
        return out;
      }
      case 4 -> { // insert random bytes
        int at = r.nextInt(in.length + 1);
        int n = 1 + r.nextInt(8);
        byte[] out = new byte[in.length + n];
        System.arraycopy(in, 0, out, 0, at);
        for (int i = 0; i < n; i++) {
          out[at + i] = (byte) r.nextInt(256);
        }
        System.arraycopy(in, at, out, at + n, in.length - at);
        return out;
      }
      default -> { // delete a run of bytes
        if (in.length == 0) {
          return in;
        }
        int at = r.nextInt(in.length);
        int n = 1 + r.nextInt(Math.min(8, in.length - at));
        byte[] out = new byte[in.length - n];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(in, at + n, out, at, in.length - at - n);
        return out;
      }
    }
  }
}
