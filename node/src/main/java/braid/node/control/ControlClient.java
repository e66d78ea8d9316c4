package braid.node.control;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A client of a daemon's control API, for {@code braid status}, {@code braid ping} and tests.
 * Every call sends the token; replies come back whatever their status, to be read by the caller.
 */
public final class ControlClient implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private final InetSocketAddress address;
  private final String token;
  private final HttpClient http;

  /**
   * @param address the daemon's control address
   * @param token the token its token file holds
   */
  public ControlClient(InetSocketAddress address, String token) {
    this.address = address;
    this.token = token;
    // HTTP/1.1: the JDK server speaks nothing else, and the default would first offer h2c.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT).proxy(HttpClient.Builder.NO_PROXY).build();
  }

  /** A reply: its status and body. */
  public record Reply(int status, String contentType, String body) {

    /** Whether the status is 2xx. */
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The body parsed as JSON. @throws IllegalArgumentException if it is not JSON */
    public Object json() {
      return Json.parse(body);
    }

    /** The body as a JSON object. @throws IllegalArgumentException if it is not one */
    public Map<String, Object> jsonObject() {
      return Json.object(json(), "reply");
    }

    /** The one line of an error reply, or the status and body when it is not one. */
    public String error() {
      try {
        Object e = jsonObject().get("error");
        if (e instanceof String s) {
          return s;
        }
      } catch (IllegalArgumentException notJson) {
        // fall through to the raw form
      }
      String flat = body.strip().replaceAll("\\s+", " ");
      return "HTTP " + status + (flat.isEmpty() ? "" : ": "
          + (flat.length() > 200 ? flat.substring(0, 200) + "..." : flat));
    }
  }

  /** The address this client talks to. */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * GET {@code pathAndQuery}, such as {@code /v1/status}.
   *
   * @throws java.net.ConnectException when nothing listens on the address
   * @throws IOException for other transport failures
   */
  public Reply get(String pathAndQuery) throws IOException {
    return send(request(pathAndQuery, Duration.ofSeconds(10)).GET());
  }

  /** POST with a JSON body (empty for none); {@code timeout} bounds the wait for the reply. */
  public Reply post(String pathAndQuery, String jsonBody, Duration timeout) throws IOException {
    HttpRequest.BodyPublisher body = jsonBody == null || jsonBody.isEmpty()
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8);
    return send(request(pathAndQuery, timeout)
        .header("Content-Type", ControlResponse.JSON).POST(body));
  }

  /** DELETE {@code pathAndQuery}. */
  public Reply delete(String pathAndQuery) throws IOException {
    return send(request(pathAndQuery, Duration.ofSeconds(10)).DELETE());
  }

  /** Releases the HTTP client's connections and thread. */
  @Override
  public void close() {
    http.close();
  }

  private HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
    String host = address.getAddress().getHostAddress();
    if (host.indexOf(':') >= 0) {
      host = "[" + host + "]";
    }
    return HttpRequest.newBuilder(URI.create("http://" + host + ":" + address.getPort()
            + pathAndQuery))
        .timeout(timeout)
        .header("Authorization", "Bearer " + token);
  }

  private Reply send(HttpRequest.Builder request) throws IOException {
    try {
      HttpResponse<String> r = http.send(request.build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
          r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted waiting for the daemon");
    }
  }
}
