package braid.node.daemon;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * What the configuration needs to know about this machine's network interfaces. It is an
 * interface so that tests can describe a machine with {@code eth0} and {@code wlan0} and get the
 * same messages on any build host.
 */
interface LocalNetwork {

  /** The addresses of the named interface, or null when there is no such interface. */
  List<InetAddress> addressesOf(String interfaceName);

  /** The names of the interfaces, in the kernel's index order (so {@code lo} comes first). */
  List<String> interfaceNames();

  /** Whether a socket can bind to this address here: it belongs to one of the interfaces. */
  boolean isLocal(InetAddress address);

  /** This machine, through {@link NetworkInterface}. */
  static LocalNetwork system() {
    return new LocalNetwork() {
      @Override
      public List<InetAddress> addressesOf(String interfaceName) {
        try {
          NetworkInterface nif = NetworkInterface.getByName(interfaceName);
          return nif == null ? null : Collections.list(nif.getInetAddresses());
        } catch (SocketException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public List<String> interfaceNames() {
        try {
          return NetworkInterface.networkInterfaces()
              .sorted(Comparator.comparingInt(NetworkInterface::getIndex))
              .map(NetworkInterface::getName)
              .toList();
        } catch (SocketException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public boolean isLocal(InetAddress address) {
        try {
          return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }
}
