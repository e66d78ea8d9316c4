package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.identity.KeyFile;
import braid.core.identity.NodeId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityCommandsTest {

  @TempDir Path dir;

  /** What one run of the command printed and returned. */
  private record Result(int code, String out, String err) {}

  private static Result braid(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  private static String field(String output, String name) {
    return output.lines().filter(l -> l.startsWith(name + " ")).findFirst()
        .map(l -> l.substring(name.length() + 1)).orElseThrow();
  }

  @Test
  void keygenThenIdShowTheSameNode() throws Exception {
    Path key = dir.resolve("sub/node.key");
    Result gen = braid("keygen", "--out", key.toString());
    assertThat(gen.code()).isZero();
    assertThat(gen.err()).isEmpty();
    assertThat(field(gen.out(), "key")).isEqualTo(key.toAbsolutePath().toString());
    NodeId node = NodeId.parse(field(gen.out(), "node"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");

    Result id = braid("id", "--key", key.toString());
    assertThat(id.code()).isZero();
    assertThat(id.err()).isEmpty();
    assertThat(NodeId.parse(field(id.out(), "node"))).isEqualTo(node);
    assertThat(field(id.out(), "public-key"))
        .isEqualTo(java.util.Base64.getEncoder().encodeToString(KeyFile.read(key).publicKey()));
  }

  @Test
  void keygenRefusesToOverwriteWithoutForce() throws Exception {
    Path key = dir.resolve("node.key");
    assertThat(braid("keygen", "--out", key.toString()).code()).isZero();
    byte[] before = Files.readAllBytes(key);

    Result again = braid("keygen", "--out", key.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.out()).isEmpty();
    assertThat(again.err().lines()).singleElement().asString()
        .startsWith("braid keygen: key file " + key + " already exists")
        .contains("--force");
    assertThat(Files.readAllBytes(key)).isEqualTo(before);

    Result forced = braid("keygen", "--out", key.toString(), "--force");
    assertThat(forced.code()).isZero();
    assertThat(Files.readAllBytes(key)).isNotEqualTo(before);
    assertThat(field(braid("id", "--key", key.toString()).out(), "node"))
        .isEqualTo(field(forced.out(), "node"));
  }

  @Test
  void idOnAMissingFileIsOneLineAndExitTwo() {
    Path key = dir.resolve("absent.key");
    Result r = braid("id", "--key", key.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).singleElement().asString()
        .isEqualTo("braid id: key file " + key + " does not exist (create one with: braid keygen"
            + " --out " + key + ")");
  }

  @Test
  void idOnAKeyOpenToOthersIsOneLineAndExitTwo() throws Exception {
    Path key = dir.resolve("node.key");
    assertThat(braid("keygen", "--out", key.toString()).code()).isZero();
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    Result r = braid("id", "--key", key.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).singleElement().asString()
        .isEqualTo("braid id: key file " + key + " has mode 0644, readable by others;"
            + " run chmod 600 " + key);
  }

  @Test
  void keygenIntoADirectoryIsOneLineAndExitTwo() {
    Result r = braid("keygen", "--out", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).singleElement().asString()
        .startsWith("braid keygen: key file " + dir + " is a directory");
  }

  @Test
  void unknownFlagIsOneLineAndExitTwo() {
    Result r = braid("id", "--kee", "x");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).singleElement().asString().startsWith("braid id: ");
  }
}
