package braid.node.control;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link ControlHandler} answers: status, content type and body.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type} header
 * @param body the bytes of the body
 */
public record ControlResponse(int status, String contentType, byte[] body) {

  /** The content type of every JSON reply. */
  public static final String JSON = "application/json; charset=utf-8";

  /** Checks for nulls. */
  public ControlResponse {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
  }

  /** 200 with a JSON body written from plain values (see {@link Json#write}). */
  public static ControlResponse json(Object value) {
    return json(200, value);
  }

  /** A JSON body with the given status. */
  public static ControlResponse json(int status, Object value) {
    return new ControlResponse(status, JSON, Json.write(value).getBytes(StandardCharsets.UTF_8));
  }

  /** The reply for an error: {@code {"error":"one line"}}. */
  public static ControlResponse error(int status, String message) {
    return json(status, Map.of("error", message));
  }

  /** A text body with the given content type and status 200. */
  public static ControlResponse text(String contentType, String text) {
    return new ControlResponse(200, contentType, text.getBytes(StandardCharsets.UTF_8));
  }
}
