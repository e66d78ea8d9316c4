package braid.node.apps.braid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.core.identity.NodeId;
import braid.node.PeerInfo;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerNamesTest {
  private static PeerInfo peer(int keyByte, String name) {
    byte[] key = new byte[32];
    key[0] = (byte) keyByte;
    return new PeerInfo(key, List.of(new InetSocketAddress("127.0.0.1", 7000)), name);
  }

  private final PeerInfo office = peer(1, "office");
  private final PeerInfo home = peer(2, "home");
  private final List<PeerInfo> known = List.of(office, home, peer(3, "twin"), peer(4, "twin"));

  @Test
  void aNameResolvesToItsPeer() throws Exception {
    assertThat(PeerNames.resolve("office", () -> known)).isEqualTo(office.nodeId());
  }

  @Test
  void anIdIsTakenAsItIsWhetherKnownOrNot() throws Exception {
    assertThat(PeerNames.resolve(" " + home.nodeId() + " ", () -> known)).isEqualTo(home.nodeId());
    assertThat(PeerNames.resolve("0000-0000-0000-00AB", () -> known)).isEqualTo(new NodeId(0xAB));
  }

  @Test
  void anUnknownNameSaysWhichNamesAreKnown() {
    assertThatThrownBy(() -> PeerNames.resolve("ofice", () -> known))
        .isInstanceOf(UnknownHostException.class)
        .hasMessageContaining("'ofice'").hasMessageContaining("(known: home, office, twin)");
  }

  @Test
  void anAmbiguousNameAsksForAnId() {
    assertThatThrownBy(() -> PeerNames.resolve("twin", () -> known))
        .isInstanceOf(UnknownHostException.class).hasMessageContaining("ambiguous");
  }

  @Test
  void anEmptyNameIsRefused() {
    assertThatThrownBy(() -> PeerNames.resolve(" ", () -> known))
        .isInstanceOf(UnknownHostException.class);
  }
}
