package braid.node.control;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An authenticated request to the control API, as a handler sees it.
 *
 * @param method the HTTP method, upper case
 * @param path the decoded path, such as {@code /v1/ping}
 * @param query the decoded query parameters; each name appears at most once
 * @param body the request body (at most {@link ControlServer#MAX_BODY} bytes), empty for none
 */
public record ControlRequest(String method, String path, Map<String, String> query,
    byte[] body) {

  /** Copies the map. */
  public ControlRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    query = Map.copyOf(query);
    Objects.requireNonNull(body, "body");
  }

  /** A query parameter, if given. */
  public Optional<String> param(String name) {
    return Optional.ofNullable(query.get(name));
  }

  /**
   * A query parameter that must be given and not be empty.
   *
   * @param expected what the value should be, for the message: "a peer name or node ID"
   * @throws ControlError 400 naming the parameter
   */
  public String requireParam(String name, String expected) throws ControlError {
    String v = query.get(name);
    if (v == null || v.isBlank()) {
      throw ControlError.badParameter(name, "missing, expected " + expected);
    }
    return v.strip();
  }

  /**
   * An integer query parameter in {@code [min, max]}, or {@code dflt} when not given.
   *
   * @throws ControlError 400 naming the parameter when it is not such an integer
   */
  public long longParam(String name, long min, long max, long dflt) throws ControlError {
    String v = query.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the expected range
    }
    throw ControlError.badParameter(name, "expected an integer from " + min + " to " + max
        + ", got \"" + shorten(v) + "\"");
  }

  /**
   * The body as a JSON object.
   *
   * @throws ControlError 400 when the body is empty, not UTF-8, not JSON or not an object
   */
  public Map<String, Object> jsonBody() throws ControlError {
    if (body.length == 0) {
      throw ControlError.badParameter("body", "missing, expected a JSON object");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw ControlError.badParameter("body", "expected UTF-8 text");
    }
    try {
      return Json.object(Json.parse(text), "body");
    } catch (IllegalArgumentException e) {
      throw new ControlError(400, e.getMessage().startsWith("body") ? e.getMessage()
          : "body: " + e.getMessage());
    }
  }

  /**
   * A string field of a JSON body object.
   *
   * @throws ControlError 400 naming the field when it is missing or not a string
   */
  public static String stringField(Map<String, Object> object, String name, String expected)
      throws ControlError {
    Object v = object.get(name);
    if (v == null) {
      throw ControlError.badParameter(name, "missing, expected " + expected);
    }
    if (!(v instanceof String s)) {
      throw ControlError.badParameter(name, "expected " + expected + ", got " + Json.kind(v));
    }
    return s;
  }

  private static String shorten(String v) {
    String flat = v.replaceAll("\\p{Cntrl}", "?");
    return flat.length() > 40 ? flat.substring(0, 40) + "..." : flat;
  }
}
