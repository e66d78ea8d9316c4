package braid.node.daemon;

import java.util.regex.Pattern;

/**
 * Where a configuration value came from: a key in a file ({@code braid.toml},
 * {@code peer[1].endpoints[0]}) or a command-line flag ({@code --peer}). Every check takes one, so
 * that the same parsing code gives file errors and flag errors their proper names.
 *
 * @param source the file name, or null for a flag
 * @param key the key path within the file, or the flag
 */
record Origin(String source, String key) {
  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  static Origin flag(String flag) {
    return new Origin(null, flag);
  }

  /** The top of a file: the parent of its top-level keys. */
  static Origin file(String source) {
    return new Origin(source, "");
  }

  /** A key below this one; keys TOML would need quotes for are shown quoted. */
  Origin child(String name) {
    String shown = BARE_KEY.matcher(name).matches() ? name : Values.quote(name);
    return new Origin(source, key.isEmpty() ? shown : key + "." + shown);
  }

  /** An element of the array at this key. */
  Origin index(int i) {
    return new Origin(source, key + "[" + i + "]");
  }

  boolean isFlag() {
    return source == null;
  }

  /** The name errors start with: {@code braid.toml: node.listen[0]} or {@code --listen}. */
  String label() {
    return source == null ? key : source + ": " + key;
  }

  ConfigException error(String detail) {
    return new ConfigException(key, label() + ": " + detail);
  }
}
