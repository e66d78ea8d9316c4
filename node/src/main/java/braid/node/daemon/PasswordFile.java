package braid.node.daemon;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file holding a password on its first line, as {@code [[socks]] password_file} and {@code
 * braid socks --password-file} name it: a password kept out of configuration files and command
 * lines, which others may be able to read.
 */
public final class PasswordFile {
  /** A password file is a line; anything much larger is the wrong file. */
  private static final long MAX_BYTES = 4096;

  private PasswordFile() {}

  /**
   * The first line of the file, without its line break.
   *
   * @throws IOException with a one-line message naming the file: it does not exist, cannot be
   *     read, is not UTF-8, is too large or is empty
   */
  public static String read(Path file) throws IOException {
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new IOException("cannot use " + file + ": larger than 4 KiB, not a password file");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IOException("cannot read " + file + ": it does not exist", e);
    } catch (AccessDeniedException e) {
      throw new IOException("cannot read " + file + ": permission denied", e);
    } catch (MalformedInputException e) {
      throw new IOException("cannot read " + file + ": it is not UTF-8 text", e);
    }
    String line = text.lines().findFirst().orElse("");
    if (line.isEmpty()) {
      throw new IOException(file + " is empty; expected the password on its first line");
    }
    return line;
  }
}
