package braid.node.daemon;

import java.util.ArrayList;
import java.util.List;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * One TOML table being read strictly: keys it does not know are refused on construction, and
 * every getter names the key and the expected type when the value is of the wrong type. A
 * section whose table is absent from the file reads as empty.
 */
final class Section extends Fields {
  private final Origin at;
  private final TomlTable table;

  /**
   * @param at the table's own name ({@code multipath}, {@code peer[0]}); keys are named below it
   * @param table the table, or null when the file does not have it
   * @param known the keys this table may hold, in the order the message lists them
   */
  Section(Origin at, TomlTable table, List<String> known) {
    this.at = at;
    this.table = table;
    if (table != null) {
      refuseUnknown(table.keySet(), known, "key");
    }
  }

  /** Where the table itself is: {@code peer[0]}, {@code multipath}. */
  Origin at() {
    return at;
  }

  @Override
  Origin origin(String key) {
    return at.child(key);
  }

  @Override
  Object raw(String key) {
    return table == null ? null : table.get(List.of(key));
  }

  @Override
  String typeName(Object v) {
    return Values.typeName(v);
  }

  @Override
  List<?> elements(Object v) {
    return v instanceof TomlArray array ? array.toList() : null;
  }

  boolean bool(String key) {
    Object v = required(key, "true or false");
    if (!(v instanceof Boolean b)) {
      throw origin(key).error("expected true or false, got " + Values.typeName(v));
    }
    return b;
  }

  /**
   * A size: a TOML integer of bytes, or a string with a binary unit.
   *
   * @return the bytes, and the text as written for messages
   */
  Sized size(String key) {
    Object v = required(key, Units.SIZE_FORM);
    if (v instanceof Long n && n >= 0) {
      return new Sized(n, Long.toString(n));
    }
    if (v instanceof String s) {
      try {
        return new Sized(Units.parseSize(s), Values.quote(s));
      } catch (IllegalArgumentException e) {
        throw origin(key).error("expected " + Units.SIZE_FORM + ", got " + Values.quote(s));
      }
    }
    throw origin(key).error("expected " + Units.SIZE_FORM + ", got "
        + (v instanceof Long n ? n : Values.typeName(v)));
  }

  /** A size and how it was written. */
  record Sized(long bytes, String shown) {}

  /** The sub-table at the key, read strictly; an empty section when the file has none. */
  Section section(String key, List<String> known) {
    Object v = raw(key);
    if (v != null && !(v instanceof TomlTable)) {
      throw origin(key).error("expected a [" + key + "] table, got " + Values.typeName(v));
    }
    return new Section(origin(key), (TomlTable) v, known);
  }

  /** The {@code [[key]]} tables, none when absent. */
  List<TomlTable> tableArray(String key) {
    Object v = raw(key);
    if (v == null) {
      return List.of();
    }
    String expected = "[[" + key + "]] tables";
    if (!(v instanceof TomlArray array)) {
      throw origin(key).error("expected " + expected + ", got " + Values.typeName(v)
          + (v instanceof TomlTable ? " (write [[" + key + "]] with double brackets)" : ""));
    }
    List<TomlTable> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof TomlTable t)) {
        throw origin(key).index(i).error("expected a table, got " + Values.typeName(array.get(i)));
      }
      out.add(t);
    }
    return out;
  }
}
