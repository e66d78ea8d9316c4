package braid.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** Why a daemon cannot start, each said in one line that names the setting. */
class DaemonStartTest {
  @TempDir Path dir;

  @Test
  void aMissingKeyFileNamesTheFileAndBraidKeygen() {
    Path key = dir.resolve("absent.key");
    DaemonException e = catchThrowableOfType(DaemonException.class,
        () -> Daemon.start(Daemons.config(dir, key, List.of())));
    assertThat(e.key()).isEqualTo("node.key");
    assertThat(e.getMessage()).isEqualTo("node.key: key file " + key
        + " does not exist (create one with: braid keygen --out " + key + ")");
  }

  @Test
  void aUdpPortInUseNamesTheAddress() throws Exception {
    Path key = Daemons.key(dir, "a", 1);
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(Daemons.LO, 0))) {
      InetSocketAddress at = (InetSocketAddress) taken.getLocalSocketAddress();
      NodeConfig base = Daemons.config(dir, key, List.of());
      NodeConfig config = new NodeConfig(
          new NodeSection(key, List.of(at), Level.INFO), base.multipath(), List.of(),
          base.control());
      DaemonException e = catchThrowableOfType(DaemonException.class,
          () -> Daemon.start(config));
      assertThat(e.key()).isEqualTo("node.listen");
      assertThat(e.getMessage()).isEqualTo("node.listen " + Addresses.format(at)
          + ": address already in use");
      assertThat(e.describe("--listen")).isEqualTo("--listen " + Addresses.format(at)
          + ": address already in use");
      assertThat(base.control().tokenFile()).doesNotExist();
    }
  }

  @Test
  void aSecondListenAddressInUseNamesItAndUndoesTheFirst() throws Exception {
    Path key = Daemons.key(dir, "a", 1);
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(Daemons.LO, 0))) {
      InetSocketAddress at = (InetSocketAddress) taken.getLocalSocketAddress();
      NodeConfig base = Daemons.config(dir, key, List.of());
      NodeConfig config = new NodeConfig(new NodeSection(key,
          List.of(new InetSocketAddress(Daemons.LO, 0), at), Level.INFO), base.multipath(),
          List.of(), base.control());
      DaemonException e = catchThrowableOfType(DaemonException.class,
          () -> Daemon.start(config));
      assertThat(e.getMessage()).isEqualTo("node.listen " + Addresses.format(at)
          + ": address already in use");
    }
  }

  @Test
  void aControlPortInUseNamesTheAddressAndLeavesNoTokenBehind() throws Exception {
    Path key = Daemons.key(dir, "a", 1);
    try (ServerSocket taken = new ServerSocket(0, 1, Daemons.LO)) {
      InetSocketAddress at = (InetSocketAddress) taken.getLocalSocketAddress();
      NodeConfig base = Daemons.config(dir, key, List.of());
      NodeConfig config = new NodeConfig(base.node(), base.multipath(), List.of(),
          new ControlSection(at, base.control().tokenFile()));
      DaemonException e = catchThrowableOfType(DaemonException.class,
          () -> Daemon.start(config));
      assertThat(e.key()).isEqualTo("control.listen");
      assertThat(e.getMessage()).isEqualTo("control.listen " + Addresses.format(at)
          + ": address already in use");
      assertThat(base.control().tokenFile()).doesNotExist();
    }
  }

  @Test
  void aTokenDirectoryThatIsNotWritableIsRefused() throws Exception {
    assumeThat(System.getProperty("user.name")).as("root writes anywhere").isNotEqualTo("root");
    Path key = Daemons.key(dir, "a", 1);
    Path locked = Files.createDirectory(dir.resolve("locked"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));
    NodeConfig base = Daemons.config(dir, key, List.of());
    NodeConfig config = new NodeConfig(base.node(), base.multipath(), List.of(),
        new ControlSection(base.control().listen(), locked.resolve("control.token")));
    DaemonException e = catchThrowableOfType(DaemonException.class, () -> Daemon.start(config));
    assertThat(e.key()).isEqualTo("control.token_file");
    assertThat(e.getMessage()).startsWith("control.token_file: cannot write the control token "
        + locked.resolve("control.token"));
  }

  @Test
  void eachStartWritesAFreshTokenAndCloseRemovesIt() throws Exception {
    NodeConfig config = Daemons.config(dir, Daemons.key(dir, "a", 1), List.of());
    String first;
    try (Daemon d = Daemon.start(config)) {
      first = Files.readString(d.tokenFile());
    }
    assertThat(config.control().tokenFile()).doesNotExist();
    try (Daemon d = Daemon.start(config)) {
      assertThat(Files.readString(d.tokenFile())).isNotEqualTo(first);
    }
  }
}
