package braid.core.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the file that holds a node's identity: its 32-byte Ed25519 seed.
 *
 * <p>The format is a small text file so that it can be inspected, backed up and copied by hand:
 *
 * <pre>
 * # braid identity key (Ed25519 seed); keep it secret
 * braid-ed25519-seed-v1 &lt;base64 of the 32-byte seed&gt;
 * </pre>
 *
 * Lines starting with {@code #} and blank lines are ignored; there must be exactly one key line.
 * The version is in the key word so that a later format can be told apart without guessing.
 *
 * <p>This is the one class in {@code core} that touches the file system: the key must outlive the
 * process, and keeping the I/O here leaves the rest of the identity layer pure.
 */
public final class KeyFile {

  /** The word that starts the key line and names the format version. */
  public static final String FORMAT = "braid-ed25519-seed-v1";

  static final String COMMENT = "# braid identity key (Ed25519 seed); keep it secret";

  /** Real key files are about 120 bytes; reading stops well past that so junk cannot eat memory. */
  private static final int MAX_FILE_BYTES = 4096;

  private static final Set<PosixFilePermission> LEAKY_READ =
      Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
  private static final Set<PosixFilePermission> LEAKY_WRITE =
      Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private KeyFile() {}

  /**
   * Where a node keeps its identity when no path is given: {@code $BRAID_HOME/identity.key} if
   * {@code BRAID_HOME} is set, else {@code ~/.braid/identity.key}.
   */
  public static Path defaultPath() {
    return defaultPath(System.getenv(), System.getProperty("user.home"));
  }

  static Path defaultPath(Map<String, String> env, String userHome) {
    String home = env.get("BRAID_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home, "identity.key");
    }
    return Path.of(userHome, ".braid", "identity.key");
  }

  /**
   * Writes the identity to {@code file}, replacing any file already there.
   *
   * <p>The file is written under a temporary name in the same directory, created with mode 0600
   * from the start (so the seed is never readable by others, not even for a moment), forced to
   * disk, then renamed over the target. A crash therefore leaves either the old key or the new
   * one, never half of one; on failure the temporary file is removed. Missing parent directories
   * are created with mode 0700.
   *
   * @throws KeyFileException with a one-line message if the file cannot be written
   */
  public static void write(Path file, Identity id) throws KeyFileException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    if (dir == null) {
      throw new KeyFileException(file, "key file " + show(file)
          + " is not a file path; give a path such as " + show(defaultPath()));
    }
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    byte[] content = encode(id);
    Path temp = null;
    try {
      if (posix) {
        Files.createDirectories(dir, perms("rwx------"));
        temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
            perms("rw-------"));
      } else {
        Files.createDirectories(dir);
        temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      }
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
      syncDirectory(dir);
    } catch (IOException e) {
      throw new KeyFileException(file, writeFailure(file, e), e);
    } finally {
      Arrays.fill(content, (byte) 0);
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // The write already failed and that is what the user must hear about.
        }
      }
    }
  }

  /**
   * Reads the identity stored in {@code file}.
   *
   * <p>Like ssh with its private keys, this refuses a key file that group or others can read or
   * write: such a key may already be known to someone else, and using it silently would hide
   * that. The check is skipped on file systems without POSIX permissions.
   *
   * @throws KeyFileException with a one-line message if the file is missing, unreadable, a
   *     directory, open to others or corrupt
   */
  public static Identity read(Path file) throws KeyFileException {
    String name = show(file);
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new KeyFileException(file, "key file " + name
          + " does not exist (create one with: braid keygen --out " + name + ")", e);
    } catch (IOException e) {
      throw new KeyFileException(file, readFailure(file, e), e);
    }
    if (attrs.isDirectory()) {
      throw new KeyFileException(file, "key file " + name
          + " is a directory; give the key file itself, e.g. " + show(file.resolve("identity.key")));
    }
    if (!attrs.isRegularFile()) {
      throw new KeyFileException(file, "key file " + name
          + " is not a regular file; give the path of a key file written by braid keygen");
    }
    checkPermissions(file, name);

    byte[] raw;
    try (InputStream in = Files.newInputStream(file)) {
      raw = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (IOException e) {
      throw new KeyFileException(file, readFailure(file, e), e);
    }
    try {
      byte[] seed = decode(raw);
      try {
        return Identity.fromSeed(seed);
      } finally {
        Arrays.fill(seed, (byte) 0);
      }
    } catch (Corrupt c) {
      throw new KeyFileException(file, "key file " + name + " is corrupt: " + c.getMessage());
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private static void checkPermissions(Path file, String name) throws KeyFileException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return;
    }
    Set<PosixFilePermission> mode;
    try {
      mode = view.readAttributes().permissions();
    } catch (UnsupportedOperationException | IOException e) {
      return; // a file system that cannot tell us has nothing to check
    }
    boolean readable = mode.stream().anyMatch(LEAKY_READ::contains);
    boolean writable = mode.stream().anyMatch(LEAKY_WRITE::contains);
    if (!readable && !writable) {
      return;
    }
    String how = readable && writable ? "readable and writable" : readable ? "readable" : "writable";
    throw new KeyFileException(file, "key file " + name + " has mode " + octal(mode) + ", " + how
        + " by others; run chmod 600 " + name);
  }

  /** Why a key file's content is unusable; caught in {@link #read} and given the file's name. */
  private static final class Corrupt extends Exception {
    Corrupt(String reason) {
      super(reason, null, false, false);
    }
  }

  static byte[] encode(Identity id) {
    byte[] seed = id.seed();
    String text = COMMENT + "\n" + FORMAT + " " + Base64.getEncoder().encodeToString(seed) + "\n";
    Arrays.fill(seed, (byte) 0);
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Parses the file's bytes; the reasons never echo file content, which may be secret. */
  private static byte[] decode(byte[] raw) throws Corrupt {
    if (raw.length == 0) {
      throw new Corrupt("the file is empty");
    }
    if (raw.length > MAX_FILE_BYTES) {
      throw new Corrupt("it is larger than " + MAX_FILE_BYTES + " bytes");
    }
    for (byte b : raw) {
      if ((b < 0x20 || b > 0x7E) && b != '\n' && b != '\r' && b != '\t') {
        throw new Corrupt("it is not a text file");
      }
    }
    String[] lines = new String(raw, StandardCharsets.US_ASCII).split("\n", -1);
    byte[] seed = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      int lineNo = i + 1;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (seed != null) {
        Arrays.fill(seed, (byte) 0);
        throw new Corrupt("unexpected text on line " + lineNo + " after the key line");
      }
      seed = decodeKeyLine(line, lineNo);
    }
    if (seed == null) {
      throw new Corrupt("it has no " + FORMAT + " line");
    }
    return seed;
  }

  private static byte[] decodeKeyLine(String line, int lineNo) throws Corrupt {
    String[] words = line.split("[ \t]+");
    if (!words[0].equals(FORMAT)) {
      if (words[0].matches("braid-[a-z0-9-]{1,40}")) {
        throw new Corrupt("unsupported format " + words[0] + " on line " + lineNo
            + " (this braid reads " + FORMAT + ")");
      }
      throw new Corrupt("line " + lineNo + " does not start with " + FORMAT);
    }
    if (words.length == 1) {
      throw new Corrupt("line " + lineNo + " has no seed after " + FORMAT);
    }
    if (words.length > 2) {
      throw new Corrupt("unexpected text after the seed on line " + lineNo);
    }
    byte[] seed;
    try {
      seed = Base64.getDecoder().decode(words[1]);
    } catch (IllegalArgumentException e) {
      throw new Corrupt("the seed on line " + lineNo + " is not valid base64");
    }
    if (seed.length != Identity.SEED_BYTES) {
      int n = seed.length;
      Arrays.fill(seed, (byte) 0);
      throw new Corrupt("the seed is " + n + " bytes, expected " + Identity.SEED_BYTES);
    }
    return seed;
  }

  /** Makes the rename itself durable; some platforms cannot open a directory, which is fine. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // The key is already in place; only its survival of a power cut is less certain.
    }
  }

  private static String writeFailure(Path file, IOException e) {
    String name = show(file);
    if (Files.isDirectory(file)) {
      return "key file " + name + " is a directory; give a file path, e.g. "
          + show(file.resolve("identity.key"));
    }
    if (e instanceof AccessDeniedException) {
      return "key file " + name + " could not be written: permission denied (check the owner and"
          + " mode of " + show(file.toAbsolutePath().getParent()) + " or choose another path)";
    }
    if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
      return "key file " + name + " could not be written: a parent of it is a file, not a"
          + " directory";
    }
    if (e instanceof AtomicMoveNotSupportedException) {
      return "key file " + name
          + " could not be written: its file system cannot replace a file atomically";
    }
    return "key file " + name + " could not be written: " + reason(e);
  }

  private static String readFailure(Path file, IOException e) {
    String name = show(file);
    if (e instanceof AccessDeniedException) {
      return "key file " + name + " is not readable by this user; check its owner and mode";
    }
    return "key file " + name + " could not be read: " + reason(e);
  }

  /** The OS's short reason, without the path Java repeats in the message. */
  private static String reason(IOException e) {
    String r = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
    return oneLine(r == null ? e.getClass().getSimpleName() : r);
  }

  private static String octal(Set<PosixFilePermission> mode) {
    int bits = 0;
    for (PosixFilePermission p : mode) {
      bits |= 1 << (8 - p.ordinal()); // the enum runs OWNER_READ .. OTHERS_EXECUTE, high to low
    }
    return String.format("%04o", bits);
  }

  private static FileAttribute<Set<PosixFilePermission>> perms(String rwx) {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(rwx));
  }

  /** A path for a one-line message: a newline in a file name must not break the line. */
  private static String show(Path file) {
    return oneLine(file.toString());
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\p{Cntrl}", "?");
  }
}
