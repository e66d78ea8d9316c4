package braid.node.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's local control API: HTTP on a loopback address, every request authenticated with
 * the bearer token of a {@link ControlToken}, answered by the handler its {@link ControlRoutes}
 * name. Replies are JSON ({@code {"error":"one line"}} for errors) unless a handler says otherwise
 * (the Prometheus text of {@code /metrics}).
 *
 * <p>Order of checks: token (401 without a valid one, before anything about the request is
 * looked at), then path (404), method (405 with {@code Allow}), body size (413), handler. Each
 * request runs on its own virtual thread, so a ping waiting for its answers holds up nothing else.
 */
public final class ControlServer implements AutoCloseable {
  /** Largest request body read; the API's bodies are a few dozen bytes. */
  public static final int MAX_BODY = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final ControlToken token;
  private final ControlRoutes routes;

  private ControlServer(HttpServer server, ExecutorService executor, ControlToken token,
      ControlRoutes routes) {
    this.server = server;
    this.executor = executor;
    this.token = token;
    this.routes = routes;
  }

  /**
   * Listens on {@code address} and serves {@code routes} to clients that present {@code token}.
   *
   * @throws IllegalArgumentException if the address is not a loopback address: the API can
   *     change the node, so it is never offered to other machines
   * @throws java.net.BindException if the address is in use
   * @throws IOException if it cannot listen for another reason
   */
  public static ControlServer start(InetSocketAddress address, ControlToken token,
      ControlRoutes routes) throws IOException {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(routes, "routes");
    if (address.isUnresolved() || !address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("the control API listens on loopback only, got "
          + address);
    }
    HttpServer server = HttpServer.create(address, 16);
    ExecutorService executor = Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("braid-control-", 0).factory());
    ControlServer control = new ControlServer(server, executor, token, routes);
    server.createContext("/", control::serve);
    server.setExecutor(executor);
    server.start();
    return control;
  }

  /** The address it listens on (with the port the system chose for port 0). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Stops listening and drops open exchanges at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange) {
    try (exchange) {
      ControlResponse reply;
      try {
        reply = answer(exchange);
      } catch (RuntimeException e) {
        LOG.warn("control {} {} failed", exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(), e);
        reply = ControlResponse.error(500, "internal error: " + e);
      }
      send(exchange, reply);
    } catch (IOException e) {
      // The client went away mid-reply; nothing to tell anyone.
      LOG.debug("control reply not delivered: {}", e.toString());
    }
  }

  private ControlResponse answer(HttpExchange exchange) throws IOException {
    if (!token.matches(bearer(exchange.getRequestHeaders().getFirst("Authorization")))) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"braid\"");
      return ControlResponse.error(401, "missing or wrong token: send Authorization: Bearer"
          + " followed by the token in " + token.file());
    }
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    ControlHandler handler = routes.find(method, path);
    if (handler == null) {
      Set<String> allowed = routes.methods(path);
      if (allowed.isEmpty()) {
        return ControlResponse.error(404, "no endpoint " + path);
      }
      exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
      return ControlResponse.error(405, method + " is not allowed on " + path + " (allowed: "
          + String.join(", ", allowed) + ")");
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      return ControlResponse.error(413, "body: larger than " + MAX_BODY + " bytes");
    }
    try {
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      return handler.handle(new ControlRequest(method, path, query, body));
    } catch (ControlError e) {
      return ControlResponse.error(e.status(), e.getMessage());
    } catch (Exception e) {
      LOG.warn("control {} {} failed", method, path, e);
      return ControlResponse.error(500, "internal error: " + e.getMessage());
    }
  }

  /** The token of an {@code Authorization: Bearer TOKEN} header, or null. */
  private static String bearer(String header) {
    if (header == null || header.length() < 7
        || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7).strip();
  }

  /** Decodes {@code a=1&b=x%20y}; a name given twice is an error, as either value could be meant. */
  static Map<String, String> query(String raw) throws ControlError {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name;
      String value;
      try {
        name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ControlError.badParameter("query", "malformed percent-encoding in \"" + pair + "\"");
      }
      if (out.put(name, value) != null) {
        throw ControlError.badParameter(name, "given more than once");
      }
    }
    return out;
  }

  private static void send(HttpExchange exchange, ControlResponse reply) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", reply.contentType());
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    byte[] body = reply.body();
    exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
