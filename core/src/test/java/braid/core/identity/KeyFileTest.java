package braid.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyFileTest {

  @TempDir Path dir;

  private static Identity identity(int fill) {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) fill);
    return Identity.fromSeed(seed);
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** A hand-made key file, mode 0600 so only its content is on trial. */
  private Path keyFileWith(String content) throws IOException {
    Path f = dir.resolve("hand.key");
    Files.writeString(f, content, StandardCharsets.ISO_8859_1);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  private static ThrowableAssertAlternative<KeyFileException> readFails(Path f) {
    return assertThatExceptionOfKeyFile(() -> KeyFile.read(f));
  }

  private static ThrowableAssertAlternative<KeyFileException> assertThatExceptionOfKeyFile(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    return org.assertj.core.api.Assertions.assertThatExceptionOfType(KeyFileException.class)
        .isThrownBy(call)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r"));
  }

  @Test
  void writeThenReadGivesTheSameIdentity() throws Exception {
    Identity id = identity(7);
    Path f = dir.resolve("identity.key");
    KeyFile.write(f, id);
    Identity back = KeyFile.read(f);
    assertThat(back.seed()).isEqualTo(id.seed());
    assertThat(back.nodeId()).isEqualTo(id.nodeId());
  }

  @Test
  void fileHasTheDocumentedFormat() throws Exception {
    Identity id = identity(7);
    Path f = dir.resolve("identity.key");
    KeyFile.write(f, id);
    assertThat(Files.readString(f)).isEqualTo(
        "# braid identity key (Ed25519 seed); keep it secret\n"
            + "braid-ed25519-seed-v1 " + Base64.getEncoder().encodeToString(id.seed()) + "\n");
  }

  @Test
  void writtenFileHasMode0600AndNoTempFileRemains() throws Exception {
    Path f = dir.resolve("identity.key");
    KeyFile.write(f, identity(1));
    assertThat(mode(f)).isEqualTo("rw-------");
    assertThat(names(dir)).containsExactly("identity.key");
  }

  @Test
  void missingParentDirectoriesAreCreatedWithMode0700() throws Exception {
    Path f = dir.resolve("a/b/identity.key");
    KeyFile.write(f, identity(1));
    assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
    assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwx------");
    assertThat(KeyFile.read(f).nodeId()).isEqualTo(identity(1).nodeId());
  }

  @Test
  void overwriteReplacesTheFileWholeAndTightensItsMode() throws Exception {
    Path f = dir.resolve("identity.key");
    KeyFile.write(f, identity(1));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    Object oldInode = Files.getAttribute(f, "unix:ino");
    KeyFile.write(f, identity(2));
    assertThat(KeyFile.read(f).nodeId()).isEqualTo(identity(2).nodeId());
    assertThat(mode(f)).isEqualTo("rw-------");
    // A new inode shows the old file was swapped out by rename, not rewritten in place.
    assertThat(Files.getAttribute(f, "unix:ino")).isNotEqualTo(oldInode);
    assertThat(names(dir)).containsExactly("identity.key");
  }

  @Test
  void failedWriteLeavesNoTempFileAndSaysWhy() throws Exception {
    Path target = dir.resolve("taken");
    Files.createDirectory(target);
    Files.writeString(target.resolve("inside"), "x");
    assertThatExceptionOfKeyFile(() -> KeyFile.write(target, identity(1)))
        .withMessageContaining(target.toString())
        .withMessageContaining("is a directory");
    assertThat(names(dir)).containsExactly("taken");
    assertThat(names(target)).containsExactly("inside");
  }

  @Test
  void writeUnderAFileSaysTheParentIsNotADirectory() throws Exception {
    Files.writeString(dir.resolve("plain"), "x");
    Path f = dir.resolve("plain/identity.key");
    assertThatExceptionOfKeyFile(() -> KeyFile.write(f, identity(1)))
        .withMessageStartingWith("key file " + f + " could not be written");
    assertThat(names(dir)).containsExactly("plain");
  }

  @Test
  void missingFileNamesTheCommandThatCreatesOne() {
    Path f = dir.resolve("none.key");
    readFails(f).withMessage(
        "key file " + f + " does not exist (create one with: braid keygen --out " + f + ")");
  }

  @Test
  void fileReadableByOthersIsRefused() throws Exception {
    Path f = dir.resolve("identity.key");
    KeyFile.write(f, identity(1));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    readFails(f).withMessage(
        "key file " + f + " has mode 0644, readable by others; run chmod 600 " + f);
  }

  @Test
  void fileWritableOrReadableByGroupIsRefused() throws Exception {
    Path f = dir.resolve("identity.key");
    KeyFile.write(f, identity(1));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw--w----"));
    readFails(f).withMessage(
        "key file " + f + " has mode 0620, writable by others; run chmod 600 " + f);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
    readFails(f).withMessage("key file " + f
        + " has mode 0666, readable and writable by others; run chmod 600 " + f);
  }

  @Test
  void ownerOnlyModesAreAccepted() throws Exception {
    Path f = dir.resolve("identity.key");
    KeyFile.write(f, identity(1));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
    assertThat(KeyFile.read(f).nodeId()).isEqualTo(identity(1).nodeId());
  }

  @Test
  void directoryIsRefusedWithOneLine() {
    readFails(dir).withMessageStartingWith("key file " + dir + " is a directory");
  }

  @Test
  void unreadableFileIsRefusedWithOneLine() throws Exception {
    assumeTrue(!"root".equals(System.getProperty("user.name")),
        "root reads any file, so an unreadable key file cannot be made");
    Path f = dir.resolve("identity.key");
    KeyFile.write(f, identity(1));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
    readFails(f).withMessage(
        "key file " + f + " is not readable by this user; check its owner and mode");
  }

  static Stream<Arguments> corruptFiles() {
    String seed = Base64.getEncoder().encodeToString(new byte[32]);
    return Stream.of(
        Arguments.of("", "the file is empty"),
        Arguments.of("# only a comment\n\n", "it has no braid-ed25519-seed-v1 line"),
        Arguments.of("ssh-ed25519 " + seed + "\n", "line 1 does not start with braid-ed25519-seed-v1"),
        Arguments.of("braid-ed25519-seed-v9 " + seed + "\n",
            "unsupported format braid-ed25519-seed-v9 on line 1 (this braid reads braid-ed25519-seed-v1)"),
        Arguments.of("braid-ed25519-seed-v1\n", "line 1 has no seed after braid-ed25519-seed-v1"),
        Arguments.of("braid-ed25519-seed-v1 not*base64!\n", "the seed on line 1 is not valid base64"),
        Arguments.of("braid-ed25519-seed-v1 " + Base64.getEncoder().encodeToString(new byte[16]),
            "the seed is 16 bytes, expected 32"),
        Arguments.of("braid-ed25519-seed-v1 " + Base64.getEncoder().encodeToString(new byte[33]),
            "the seed is 33 bytes, expected 32"),
        Arguments.of("braid-ed25519-seed-v1 " + seed + " junk\n",
            "unexpected text after the seed on line 1"),
        Arguments.of("# c\nbraid-ed25519-seed-v1 " + seed + "\ntrailing junk\n",
            "unexpected text on line 3 after the key line"),
        Arguments.of("braid-ed25519-seed-v1 " + seed + "\nbraid-ed25519-seed-v1 " + seed + "\n",
            "unexpected text on line 2 after the key line"),
        Arguments.of("braid-ed25519-seed-v1 " + seed + "\0\n", "it is not a text file"),
        Arguments.of("\u00ff\u00fe binary", "it is not a text file"),
        Arguments.of("#" + "x".repeat(5000) + "\n", "it is larger than 4096 bytes"));
  }

  @ParameterizedTest
  @MethodSource("corruptFiles")
  void corruptFileGivesOneLineWithThePathAndReason(String content, String reason)
      throws Exception {
    Path f = keyFileWith(content);
    readFails(f).withMessage("key file " + f + " is corrupt: " + reason);
  }

  @Test
  void corruptMessagesNeverEchoTheSeed() throws Exception {
    String seed = Base64.getEncoder().encodeToString(identity(9).seed());
    for (String content : List.of(
        "braid-ed25519-seed-v1 " + seed + " extra", seed + "\n", "v1 " + seed)) {
      readFails(keyFileWith(content)).satisfies(e -> assertThat(e.getMessage()).doesNotContain(seed));
    }
  }

  @Test
  void toleratesMissingFinalNewlineCrLfCommentsAndBlankLines() throws Exception {
    Identity id = identity(3);
    String line = "braid-ed25519-seed-v1 " + Base64.getEncoder().encodeToString(id.seed());
    for (String content : List.of(line, line + "\n", line + "\r\n", "# a\r\n\r\n" + line + "\r\n",
        "# my laptop\n\n  " + line + "  \n\n# end\n")) {
      assertThat(KeyFile.read(keyFileWith(content)).nodeId()).isEqualTo(id.nodeId());
    }
  }

  @Test
  void newlinesInThePathDoNotBreakTheLine() {
    Path f = dir.resolve("odd\nname.key");
    readFails(f).withMessageContaining("odd?name.key");
  }

  @Test
  void defaultPathFollowsBraidHome() {
    assertThat(KeyFile.defaultPath(Map.of("BRAID_HOME", "/srv/braid"), "/home/u"))
        .isEqualTo(Path.of("/srv/braid/identity.key"));
    assertThat(KeyFile.defaultPath(Map.of(), "/home/u"))
        .isEqualTo(Path.of("/home/u/.braid/identity.key"));
    assertThat(KeyFile.defaultPath(Map.of("BRAID_HOME", " "), "/home/u"))
        .isEqualTo(Path.of("/home/u/.braid/identity.key"));
    assertThat(KeyFile.defaultPath().getFileName()).hasToString("identity.key");
  }
}
