package braid.cli;

import braid.core.identity.Identity;
import braid.core.identity.KeyFile;
import braid.core.identity.KeyFileException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code braid keygen}: creates a new node identity and saves it to a key file. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Create a new node identity (an Ed25519 key) and write it to a key file with mode 0600.",
      "Prints the new node ID and the key file's path."
    })
public final class KeygenCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Key file to write (default: $BRAID_HOME/identity.key, else ~/.braid/identity.key).")
  Path out;

  @Option(
      names = "--force",
      description = "Replace an existing key file. The node then gets a new ID and the old one is lost.")
  boolean force;

  @Override
  public Integer call() {
    Path file = out != null ? out : KeyFile.defaultPath();
    // Overwriting a key silently would change the node's ID for good, so it takes --force.
    // A directory is left to KeyFile, whose message for it is clearer than "already exists".
    if (!force && Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(file)) {
      spec.commandLine().getErr().println("braid keygen: key file " + file
          + " already exists; use --force to replace it (the node's ID will change)");
      return Main.EXIT_USAGE;
    }
    byte[] seed = new byte[Identity.SEED_BYTES];
    new SecureRandom().nextBytes(seed);
    Identity id = Identity.fromSeed(seed);
    Arrays.fill(seed, (byte) 0);
    try {
      KeyFile.write(file, id);
    } catch (KeyFileException e) {
      spec.commandLine().getErr().println("braid keygen: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    spec.commandLine().getOut().println("node " + id.nodeId());
    spec.commandLine().getOut().println("key " + file.toAbsolutePath().normalize());
    return 0;
  }
}
