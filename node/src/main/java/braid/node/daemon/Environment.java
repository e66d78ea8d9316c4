package braid.node.daemon;

import braid.core.identity.KeyFile;
import java.nio.file.Path;

/**
 * The parts of the machine the configuration depends on, gathered so tests can fix them.
 *
 * @param home the user's home directory, where {@code ~} points
 * @param stateDir where braid keeps its files by default ({@code ~/.braid}, or {@code $BRAID_HOME})
 * @param workingDir where relative paths given as flags start
 * @param network this machine's interfaces
 */
record Environment(Path home, Path stateDir, Path workingDir, LocalNetwork network) {

  static Environment system() {
    return new Environment(Path.of(System.getProperty("user.home")),
        KeyFile.defaultPath().toAbsolutePath().getParent(), Path.of("").toAbsolutePath(),
        LocalNetwork.system());
  }

  Path defaultKey() {
    return stateDir.resolve("identity.key");
  }

  Path defaultToken() {
    return stateDir.resolve("control.token");
  }
}
