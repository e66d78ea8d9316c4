package braid.node.control;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the control API speaks, as plain Java values: an object is a {@code Map<String, ?>}
 * (keys kept in order), an array a {@code List<?>}, then {@code String}, {@code Long} or
 * {@code Double}, {@code Boolean} and {@code null}.
 *
 * <p>Hand-written because the API needs very little (small documents, both ends ours) and no JSON
 * library is among braid's dependencies. The parser is strict and total on hostile input: any
 * text either parses or fails with a {@link IllegalArgumentException} naming the position;
 * nesting deeper than {@value #MAX_DEPTH} is refused so a crafted body cannot exhaust the stack.
 */
public final class Json {
  /** Deepest nesting {@link #parse} accepts; the API's documents are three or four levels deep. */
  public static final int MAX_DEPTH = 32;

  private Json() {}

  // ============================================================ writing

  /**
   * Writes a value compactly. Maps, iterables, strings, numbers, booleans and null are written as
   * JSON; a non-finite double as {@code null}; anything else as its {@code toString()} string.
   */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder(256);
    write(value, out);
    return out.toString();
  }

  private static void write(Object v, StringBuilder out) {
    switch (v) {
      case null -> out.append("null");
      case Map<?, ?> map -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          quote(String.valueOf(e.getKey()), out);
          out.append(':');
          write(e.getValue(), out);
        }
        out.append('}');
      }
      case Iterable<?> list -> {
        out.append('[');
        Iterator<?> it = list.iterator();
        while (it.hasNext()) {
          write(it.next(), out);
          if (it.hasNext()) {
            out.append(',');
          }
        }
        out.append(']');
      }
      case Double d when d.isNaN() || d.isInfinite() -> out.append("null");
      case Float f when f.isNaN() || f.isInfinite() -> out.append("null");
      case Number n -> out.append(n);
      case Boolean b -> out.append(b);
      default -> quote(v.toString(), out);
    }
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
        // Control characters must be escaped; the two line separators are legal JSON but break
        // JavaScript consumers, so they are escaped too.
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  // ============================================================ reading

  /**
   * Parses one JSON document (surrounding whitespace allowed). Integers that fit a long become
   * {@code Long}, other numbers {@code Double}.
   *
   * @throws IllegalArgumentException with a one-line message naming the position of the problem
   */
  public static Object parse(String text) {
    Parser p = new Parser(text);
    p.skipSpace();
    Object v = p.value(0);
    p.skipSpace();
    if (p.pos < text.length()) {
      throw p.error("unexpected text after the value");
    }
    return v;
  }

  /** The object {@code value} is, or an exception saying what {@code what} was expected to be. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Object value, String what) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException(what + ": expected a JSON object, got " + kind(value));
  }

  /** The array {@code value} is, or an exception saying what {@code what} was expected to be. */
  @SuppressWarnings("unchecked")
  public static List<Object> array(Object value, String what) {
    if (value instanceof List<?> l) {
      return (List<Object>) l;
    }
    throw new IllegalArgumentException(what + ": expected a JSON array, got " + kind(value));
  }

  /** The JSON name of a parsed value's type, for messages. */
  public static String kind(Object v) {
    return switch (v) {
      case null -> "null";
      case Map<?, ?> m -> "an object";
      case List<?> l -> "an array";
      case String s -> "a string";
      case Number n -> "a number";
      case Boolean b -> "a boolean";
      default -> v.getClass().getSimpleName();
    };
  }

  /** A recursive-descent parser over one string. */
  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("nested deeper than " + MAX_DEPTH);
      }
      if (pos >= s.length()) {
        throw error("unexpected end of text");
      }
      char c = s.charAt(pos);
      return switch (c) {
        case '{' -> object(depth);
        case '[' -> array(depth);
        case '"' -> string();
        case 't' -> literal("true", Boolean.TRUE);
        case 'f' -> literal("false", Boolean.FALSE);
        case 'n' -> literal("null", null);
        default -> {
          if (c == '-' || (c >= '0' && c <= '9')) {
            yield number();
          }
          throw error("unexpected character " + shown(c));
        }
      };
    }

    private Map<String, Object> object(int depth) {
      Map<String, Object> map = new LinkedHashMap<>();
      pos++;
      skipSpace();
      if (peek() == '}') {
        pos++;
        return map;
      }
      while (true) {
        skipSpace();
        if (peek() != '"') {
          throw error("expected a string key");
        }
        String key = string();
        skipSpace();
        expect(':');
        skipSpace();
        if (map.containsKey(key)) {
          // Two readers could take either value; refusing is the only unambiguous answer.
          throw error("duplicate key \"" + key + "\"");
        }
        map.put(key, value(depth + 1));
        skipSpace();
        if (peek() == ',') {
          pos++;
          continue;
        }
        expect('}');
        return map;
      }
    }

    private List<Object> array(int depth) {
      List<Object> list = new ArrayList<>();
      pos++;
      skipSpace();
      if (peek() == ']') {
        pos++;
        return list;
      }
      while (true) {
        skipSpace();
        list.add(value(depth + 1));
        skipSpace();
        if (peek() == ',') {
          pos++;
          continue;
        }
        expect(']');
        return list;
      }
    }

    private String string() {
      pos++; // the opening quote
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (pos >= s.length()) {
          throw error("unterminated string");
        }
        char c = s.charAt(pos++);
        if (c == '"') {
          return sb.toString();
        }
        if (c < 0x20) {
          throw error("control character in a string");
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        if (pos >= s.length()) {
          throw error("unterminated string");
        }
        char e = s.charAt(pos++);
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw error("short \\u escape");
            }
            int code = 0;
            for (int i = 0; i < 4; i++) {
              int d = Character.digit(s.charAt(pos++), 16);
              if (d < 0) {
                throw error("bad \\u escape");
              }
              code = code * 16 + d;
            }
            sb.append((char) code);
          }
          default -> throw error("bad escape \\" + shown(e));
        }
      }
    }

    private Object number() {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      if (peek() == '0') {
        pos++;
      } else if (!digits()) {
        throw error("expected a digit");
      }
      boolean integer = true;
      if (peek() == '.') {
        pos++;
        integer = false;
        if (!digits()) {
          throw error("expected a digit after '.'");
        }
      }
      if (peek() == 'e' || peek() == 'E') {
        pos++;
        integer = false;
        if (peek() == '+' || peek() == '-') {
          pos++;
        }
        if (!digits()) {
          throw error("expected a digit in the exponent");
        }
      }
      String text = s.substring(start, pos);
      if (integer) {
        try {
          return Long.parseLong(text);
        } catch (NumberFormatException tooBig) {
          // falls through to a double, as JavaScript would read it
        }
      }
      return Double.parseDouble(text);
    }

    private boolean digits() {
      int start = pos;
      while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        pos++;
      }
      return pos > start;
    }

    private Object literal(String word, Object value) {
      if (!s.startsWith(word, pos)) {
        throw error("unexpected character " + shown(s.charAt(pos)));
      }
      pos += word.length();
      return value;
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error(pos >= s.length() ? "unexpected end of text, expected '" + c + "'"
            : "expected '" + c + "', got " + shown(s.charAt(pos)));
      }
      pos++;
    }

    private char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    void skipSpace() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        pos++;
      }
    }

    private static String shown(char c) {
      return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("invalid JSON at character " + (pos + 1) + ": " + what);
    }
  }
}
