package braid.sim.report;

/** A minimal streaming JSON writer: compact, keys in the order written, numbers pre-formatted. */
final class JsonWriter {
  private final StringBuilder out = new StringBuilder(4096);
  private boolean needComma;

  JsonWriter beginObject() {
    comma();
    out.append('{');
    needComma = false;
    return this;
  }

  JsonWriter endObject() {
    out.append('}');
    needComma = true;
    return this;
  }

  JsonWriter beginArray() {
    comma();
    out.append('[');
    needComma = false;
    return this;
  }

  JsonWriter endArray() {
    out.append(']');
    needComma = true;
    return this;
  }

  JsonWriter name(String name) {
    comma();
    quote(name);
    out.append(':');
    needComma = false;
    return this;
  }

  JsonWriter string(String value) {
    comma();
    quote(value);
    needComma = true;
    return this;
  }

  /** A number already formatted (by {@link Fmt}); written as is. */
  JsonWriter number(String formatted) {
    comma();
    out.append(formatted);
    needComma = true;
    return this;
  }

  JsonWriter number(long value) {
    return number(Long.toString(value));
  }

  JsonWriter bool(boolean value) {
    return number(Boolean.toString(value));
  }

  private void comma() {
    if (needComma) {
      out.append(',');
    }
  }

  private void quote(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
