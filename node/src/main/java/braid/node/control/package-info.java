/**
 * The local control API's machinery, independent of what it controls: an HTTP server on a
 * loopback address ({@link braid.node.control.ControlServer}) that authenticates every request
 * with a bearer token kept in an owner-only file ({@link braid.node.control.ControlToken}) and
 * dispatches to handlers registered by path and method ({@link braid.node.control.ControlRoutes});
 * the JSON it speaks ({@link braid.node.control.Json}); the Prometheus text format
 * ({@link braid.node.control.PrometheusText}); and a client
 * ({@link braid.node.control.ControlClient}). The daemon ({@code braid.node.daemon}) registers
 * the endpoints; docs/CONTROL.md lists them.
 */
package braid.node.control;
