package braid.node.apps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** A local TCP connection seen as a {@link Tunnel}, so that both ends of a splice look alike. */
public final class SocketTunnel implements Tunnel {
  private final Socket socket;

  /** Wraps a connected socket; closing the tunnel closes the socket. */
  public SocketTunnel(Socket socket) {
    this.socket = socket;
  }

  @Override
  public InputStream input() throws IOException {
    return socket.getInputStream();
  }

  @Override
  public OutputStream output() throws IOException {
    return socket.getOutputStream();
  }

  @Override
  public void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** Closes with a TCP reset, so the local application sees an error instead of a clean EOF. */
  @Override
  public void abort() throws IOException {
    if (!socket.isClosed()) {
      socket.setSoLinger(true, 0);
    }
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  @Override
  public String toString() {
    return "tcp " + socket.getRemoteSocketAddress();
  }
}
