package braid.node.daemon;

import braid.node.control.Json;
import java.util.List;
import java.util.Map;

/**
 * The fields of a JSON object from a control request, read as strictly as {@link Section} reads a
 * TOML table: unknown fields are refused, and messages name the field ({@code port: expected an
 * integer from 1 to 65535, got 0}). A JSON null counts as absent.
 */
final class JsonFields extends Fields {
  private final Map<String, Object> object;

  /**
   * @param known the fields the object may hold, in the order the message lists them
   * @throws ConfigException for the first unknown field
   */
  JsonFields(Map<String, Object> object, List<String> known) {
    this.object = object;
    refuseUnknown(object.keySet(), known, "field");
  }

  @Override
  Origin origin(String key) {
    return Origin.flag(key);
  }

  @Override
  Object raw(String key) {
    return object.get(key);
  }

  @Override
  String typeName(Object v) {
    return Json.kind(v);
  }

  @Override
  List<?> elements(Object v) {
    return v instanceof List<?> l ? l : null;
  }
}
