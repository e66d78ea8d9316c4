package braid.cli;

import braid.core.identity.Identity;
import braid.core.identity.KeyFile;
import braid.core.identity.KeyFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code braid id}: shows the node ID and public key held by a key file. */
@Command(
    name = "id",
    mixinStandardHelpOptions = true,
    description = {
      "Print the node ID and the Ed25519 public key (base64) of a key file.",
      "Both are public: share them with peers that should reach this node."
    })
public final class IdCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description = "Key file to read (default: $BRAID_HOME/identity.key, else ~/.braid/identity.key).")
  Path key;

  @Override
  public Integer call() {
    Identity id;
    try {
      id = KeyFile.read(key != null ? key : KeyFile.defaultPath());
    } catch (KeyFileException e) {
      spec.commandLine().getErr().println("braid id: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    spec.commandLine().getOut().println("node " + id.nodeId());
    spec.commandLine().getOut().println(
        "public-key " + Base64.getEncoder().encodeToString(id.publicKey()));
    return 0;
  }
}
