package braid.node.daemon;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Named values read strictly, whatever they came from: a TOML table ({@link Section}) or the JSON
 * body of a control request ({@link JsonFields}). Unknown keys are refused on construction, and
 * each getter throws a {@link ConfigException} naming the key and what was expected, so an
 * application is checked with the same words whether it is configured in {@code braid.toml} or
 * started through the control API. Subclasses say how to look a value up and how to name its
 * type; TOML and JSON both give integers as {@code Long}.
 */
abstract class Fields {

  /**
   * Refuses the first of {@code present} that is not {@code known}.
   *
   * @param word what a key is called in messages: "key" or "field"
   */
  final void refuseUnknown(Collection<String> present, List<String> known, String word) {
    for (String key : present) {
      if (!known.contains(key)) {
        throw origin(key).error("unknown " + word + " (known: " + String.join(", ", known)
            + ")");
      }
    }
  }

  /** Where the value at {@code key} comes from, for messages. */
  abstract Origin origin(String key);

  /** The value at the key, or null when it is absent. */
  abstract Object raw(String key);

  /** The type of a value with its article, as "got ..." says it. */
  abstract String typeName(Object v);

  /** The elements of an array value, or null when the value is not an array. */
  abstract List<?> elements(Object v);

  /** Whether a value is given at {@code key}. */
  final boolean has(String key) {
    return raw(key) != null;
  }

  final Object required(String key, String expected) {
    Object v = raw(key);
    if (v == null) {
      throw origin(key).error("missing, expected " + expected);
    }
    return v;
  }

  /** The string at the key, which must be there. */
  final String string(String key, String expected) {
    Object v = required(key, expected);
    if (!(v instanceof String s)) {
      throw origin(key).error("expected a string, got " + typeName(v));
    }
    return s;
  }

  /** The integer at the key, which must be there and lie in {@code [min, max]}. */
  final long integer(String key, long min, long max) {
    Object v = required(key, "an integer");
    if (!(v instanceof Long n)) {
      throw origin(key).error("expected an integer, got " + typeName(v));
    }
    if (n < min || n > max) {
      throw origin(key).error("expected an integer from " + min + " to " + max + ", got " + n);
    }
    return n;
  }

  /** The text of a duration such as {@code "30s"}, which must be there. */
  final String durationText(String key) {
    Object v = required(key, Units.DURATION_FORM);
    if (!(v instanceof String s)) {
      throw origin(key).error("expected " + Units.DURATION_FORM + ", got " + typeName(v));
    }
    return s;
  }

  /** An array of strings, which must be there; element type errors name {@code key[i]}. */
  final List<String> strings(String key, String expectedElement) {
    Object v = required(key, "an array of " + expectedElement);
    List<?> array = elements(v);
    if (array == null) {
      throw origin(key).error("expected an array of " + expectedElement + ", got "
          + typeName(v));
    }
    List<String> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof String s)) {
        throw origin(key).index(i).error("expected a string, got " + typeName(array.get(i)));
      }
      out.add(s);
    }
    return out;
  }
}
