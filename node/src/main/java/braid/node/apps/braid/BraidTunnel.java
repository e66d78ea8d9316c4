package braid.node.apps.braid;

import braid.node.BraidSocket;
import braid.node.apps.Tunnel;
import java.io.InputStream;
import java.io.OutputStream;

/** A braid stream as a {@link Tunnel}; {@link #abort()} resets it, so the peer sees an error. */
final class BraidTunnel implements Tunnel {
  private final BraidSocket socket;

  BraidTunnel(BraidSocket socket) {
    this.socket = socket;
  }

  @Override
  public InputStream input() {
    return socket.getInputStream();
  }

  @Override
  public OutputStream output() {
    return socket.getOutputStream();
  }

  @Override
  public void shutdownOutput() throws java.io.IOException {
    socket.shutdownOutput();
  }

  @Override
  public void abort() {
    socket.abort();
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public String toString() {
    return "braid " + socket.peer() + ":" + socket.port();
  }
}
