package braid.node;

import braid.core.identity.NodeId;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;

/**
 * A reliable, ordered byte stream to a service on a peer, like a TCP socket but carried by a
 * braid session over all its paths. Reads block until data arrives; writes block while the
 * stream's send buffer is full (which is how the network's pace reaches a fast writer). One thread
 * may read while another writes; both are friendly to virtual threads.
 */
public final class BraidSocket implements Closeable {
  private final StreamBridge bridge;
  private final NodeId peer;
  private final int port;
  private volatile int soTimeoutMillis;
  private final InputStream input = new Input();
  private final OutputStream output = new Output();

  BraidSocket(StreamBridge bridge, NodeId peer, int port) {
    this.bridge = bridge;
    this.peer = peer;
    this.port = port;
  }

  /** The node at the other end. */
  public NodeId peer() {
    return peer;
  }

  /** The port the stream was opened to. */
  public int port() {
    return port;
  }

  public InputStream getInputStream() {
    return input;
  }

  public OutputStream getOutputStream() {
    return output;
  }

  /** A read blocks at most this long (0: forever), then throws SocketTimeoutException. */
  public void setSoTimeout(int millis) {
    this.soTimeoutMillis = millis;
  }

  /** Half-close: no more writes; the peer reads to the end of what was written. */
  public void shutdownOutput() throws IOException {
    bridge.shutdownOutput();
  }

  /** Closes both directions; what was written is still delivered. */
  @Override
  public void close() {
    bridge.close();
  }

  /**
   * Abandons the stream, like closing a TCP socket with a reset: bytes not yet sent are dropped,
   * and the peer's reads and writes fail with an {@link IOException} instead of seeing a clean end
   * of stream. For a transfer cut short, so that the far side never takes it for a complete one.
   */
  public void abort() {
    bridge.abort();
  }

  public boolean isClosed() {
    return bridge.isClosed();
  }

  /** A {@link ByteChannel} view of the stream (blocking). */
  public ByteChannel channel() {
    return new ByteChannel() {
      @Override
      public int read(ByteBuffer dst) throws IOException {
        if (!isOpen()) {
          throw new ClosedChannelException();
        }
        if (dst.hasArray()) {
          int n = bridge.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining(),
              StreamBridge.timeoutNanos(soTimeoutMillis));
          if (n > 0) {
            dst.position(dst.position() + n);
          }
          return n;
        }
        byte[] tmp = new byte[Math.min(dst.remaining(), 64 * 1024)];
        int n = bridge.read(tmp, 0, tmp.length, StreamBridge.timeoutNanos(soTimeoutMillis));
        if (n > 0) {
          dst.put(tmp, 0, n);
        }
        return n;
      }

      @Override
      public int write(ByteBuffer src) throws IOException {
        if (!isOpen()) {
          throw new ClosedChannelException();
        }
        int n = src.remaining();
        if (src.hasArray()) {
          bridge.write(src.array(), src.arrayOffset() + src.position(), n);
          src.position(src.limit());
        } else {
          byte[] tmp = new byte[n];
          src.get(tmp);
          bridge.write(tmp, 0, n);
        }
        return n;
      }

      @Override
      public boolean isOpen() {
        return !bridge.isClosed();
      }

      @Override
      public void close() {
        BraidSocket.this.close();
      }
    };
  }

  @Override
  public String toString() {
    return "BraidSocket[" + peer + ":" + port + "]";
  }

  private final class Input extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return bridge.read(b, off, len, StreamBridge.timeoutNanos(soTimeoutMillis));
    }

    @Override
    public int available() {
      return bridge.available();
    }

    @Override
    public void close() {
      BraidSocket.this.close();
    }
  }

  private final class Output extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      bridge.write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      bridge.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      // Closing the output half-closes, as Socket.getOutputStream().close() would not; braid
      // streams keep the input usable so request/response exchanges work with try-with-resources.
      shutdownOutput();
    }
  }
}
