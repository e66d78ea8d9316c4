package braid.node.io;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Handles for (local socket, remote address) pairs: the core addresses paths by these small
 * integers, the node turns them back into a socket and an address to send to. A pair gets its
 * handle the first time it is seen (a datagram arrives from a new address, or the node dials one)
 * and keeps it. Owned by the node's event-loop thread.
 */
public final class PathTable {
  /** One (local socket, remote address) pair. */
  public record Entry(int socket, InetSocketAddress remote) {}

  private final List<Entry> entries = new ArrayList<>();
  private final List<Map<InetSocketAddress, Integer>> bySocket = new ArrayList<>();

  /** The handle of {@code (socket, remote)}, created if new. */
  public int handle(int socket, InetSocketAddress remote) {
    while (bySocket.size() <= socket) {
      bySocket.add(new HashMap<>());
    }
    Map<InetSocketAddress, Integer> map = bySocket.get(socket);
    Integer h = map.get(remote);
    if (h != null) {
      return h;
    }
    int handle = entries.size();
    entries.add(new Entry(socket, remote));
    map.put(remote, handle);
    return handle;
  }

  public Entry entry(int handle) {
    return entries.get(handle);
  }

  public int size() {
    return entries.size();
  }

  /** Bytes that identify the remote address of a handle (what cookies are bound to). */
  public byte[] addressBytes(int handle) {
    InetSocketAddress a = entries.get(handle).remote();
    byte[] ip = a.getAddress().getAddress();
    byte[] out = new byte[ip.length + 2];
    System.arraycopy(ip, 0, out, 0, ip.length);
    out[ip.length] = (byte) (a.getPort() >>> 8);
    out[ip.length + 1] = (byte) a.getPort();
    return out;
  }
}
