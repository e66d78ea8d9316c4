package braid.node.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token of the control API, and the file that hands it to local clients.
 *
 * <p>The daemon makes a fresh token every time it starts (32 random bytes, base64url), so a token
 * that leaked from an earlier run is worthless. Whoever can read the file may control the node,
 * which is why the file is created readable by its owner only: written under a temporary name in
 * the same directory with mode {@code rw-------} from the first byte, then renamed over the old
 * file, so no reader ever sees a half-written token or a moment of wider permissions.
 */
public final class ControlToken {
  private static final Logger LOG = LoggerFactory.getLogger(ControlToken.class);
  private static final int TOKEN_BYTES = 32;
  /** A token is 43 characters; reading stops well past that so a wrong file cannot eat memory. */
  private static final int MAX_FILE_BYTES = 1024;

  private final Path file;
  private final String value;

  private ControlToken(Path file, String value) {
    this.file = file;
    this.value = value;
  }

  /**
   * Makes a fresh token and writes it to {@code file}, replacing what was there. Missing parent
   * directories are created (mode {@code rwx------}).
   *
   * @throws IOException with a one-line message naming the file when it cannot be written, for
   *     example because its directory is not writable
   */
  public static ControlToken create(Path file) throws IOException {
    byte[] random = new byte[TOKEN_BYTES];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    Path temp = null;
    try {
      if (posix) {
        Files.createDirectories(dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
      if (!Files.isWritable(dir)) {
        throw new AccessDeniedException(dir.toString(), null, "directory is not writable");
      }
      String prefix = "." + target.getFileName() + ".";
      if (posix) {
        temp = Files.createTempFile(dir, prefix, ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        LOG.warn("{}: this file system has no POSIX permissions, so the control token file"
            + " cannot be made private to its owner; protect the directory yourself", target);
        temp = Files.createTempFile(dir, prefix, ".tmp");
      }
      Files.writeString(temp, token + "\n", StandardCharsets.US_ASCII);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      temp = null;
    } catch (IOException e) {
      throw new IOException("cannot write the control token " + target + ": " + reason(e), e);
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
    return new ControlToken(target, token);
  }

  /**
   * Reads the token a running daemon wrote.
   *
   * @throws NoSuchFileException when there is no such file (no daemon has run with it)
   * @throws IOException with a one-line message naming the file for any other problem
   */
  public static ControlToken read(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (AccessDeniedException e) {
      throw new IOException("cannot read the control token " + file + ": permission denied", e);
    }
    String token = new String(bytes, StandardCharsets.US_ASCII).strip();
    if (bytes.length > MAX_FILE_BYTES || token.isEmpty() || token.chars().anyMatch(
        c -> !(Character.isLetterOrDigit(c) || c == '-' || c == '_'))) {
      throw new IOException("the control token " + file + " is not a token written by braid up");
    }
    return new ControlToken(file, token);
  }

  private static String reason(IOException e) {
    if (e instanceof FileSystemException f) {
      String what = f.getReason() != null ? f.getReason()
          : e instanceof AccessDeniedException ? "permission denied" : e.getClass().getSimpleName();
      return f.getFile() == null ? what : f.getFile() + ": " + what;
    }
    return String.valueOf(e.getMessage());
  }

  /** Whether {@code presented} is this token; takes the same time wherever they differ. */
  public boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
        presented.getBytes(StandardCharsets.US_ASCII));
  }

  /** The token, to send as {@code Authorization: Bearer TOKEN}. */
  public String value() {
    return value;
  }

  /** The file it was written to or read from. */
  public Path file() {
    return file;
  }

  /**
   * Removes the file if it still holds this token (a daemon started since with the same file has
   * written its own, which must stay). Problems are logged, not thrown: this runs at shutdown.
   */
  public void deleteFile() {
    try {
      if (read(file).matches(value)) {
        Files.deleteIfExists(file);
      }
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      LOG.debug("leaving the control token file {}: {}", file, e.getMessage());
    }
  }
}
