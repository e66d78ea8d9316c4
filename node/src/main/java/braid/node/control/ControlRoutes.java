package braid.node.control;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The control API's endpoints: which handler answers a method on a path. Features register their
 * own endpoints here (the daemon its status, ping and paths; later ones their forwards or SOCKS
 * listeners) without the server knowing about them. Routes may be added while the server runs.
 *
 * <p>Paths match exactly (no patterns): parameters go in the query string or the body.
 */
public final class ControlRoutes {
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~/-]*");
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");

  private final Map<String, Map<String, ControlHandler>> byPath = new ConcurrentHashMap<>();

  /**
   * Registers {@code handler} for {@code method} on {@code path}.
   *
   * @param method GET, POST, PUT, DELETE or PATCH
   * @param path an absolute path such as {@code /v1/status}
   * @return this, for chaining
   * @throws IllegalArgumentException if the method or path is malformed or already taken
   */
  public ControlRoutes add(String method, String path, ControlHandler handler) {
    Objects.requireNonNull(handler, "handler");
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException("method must be one of " + METHODS + ", got " + method);
    }
    if (!PATH.matcher(path).matches()) {
      throw new IllegalArgumentException("path must be like /v1/name, got " + path);
    }
    Map<String, ControlHandler> methods = byPath.computeIfAbsent(path,
        p -> new ConcurrentHashMap<>());
    if (methods.putIfAbsent(method, handler) != null) {
      throw new IllegalArgumentException(method + " " + path + " already has a handler");
    }
    return this;
  }

  /** The handler for a method on a path, or null. */
  ControlHandler find(String method, String path) {
    Map<String, ControlHandler> methods = byPath.get(path);
    return methods == null ? null : methods.get(method);
  }

  /** The methods a path answers, sorted; empty for an unknown path. */
  Set<String> methods(String path) {
    Map<String, ControlHandler> methods = byPath.get(path);
    return methods == null ? Set.of() : new TreeSet<>(methods.keySet());
  }
}
