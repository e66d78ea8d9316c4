/**
 * The braid daemon. Its configuration is a {@link braid.node.daemon.NodeConfig} built by
 * {@link braid.node.daemon.ConfigLoader} from an optional TOML file and command-line flags
 * ({@link braid.node.daemon.Overrides}); every key is optional unless marked:
 *
 * <pre>
 * [node]
 * key = "~/.braid/identity.key"     # identity key file
 * listen = ["0.0.0.0:7000"]         # UDP: "IP:PORT", "[IPv6]:PORT" or ":PORT"
 * log_level = "info"                # error | warn | info | debug | trace
 * transport = "auto"                # auto (epoll where it loads, else NIO) | nio
 * accept = "peers"                  # peers: only the [[peer]]s may open sessions (the default);
 *                                   # any: any node that knows this node's key and address,
 *                                   # which can then reach its [[expose]]d ports and [exit]
 *
 * [multipath]
 * scheduler = "arrival"             # one of braid.core.mux.Schedulers.NAMES
 * congestion = "bbr"                # bbr | cubic
 * paths = ["eth0", "wlan0"]         # interface name or local IP, optionally :PORT
 * max_datagram_size = 1452          # 1200..65507
 * stream_window = "16MiB"           # bytes or KiB/MiB/GiB; a power of two, 4KiB..1GiB
 * connection_window = "32MiB"       # at least stream_window, at most 64GiB
 * idle_timeout = "30s"              # ms, s or m
 * keepalive = "15s"                 # less than idle_timeout
 * reorder_max_gap = 64              # 0..4096
 *
 * [[peer]]                          # any number
 * name = "office"                   # unique label: letters, digits, '.', '_', '-'
 * public_key = "base64..."          # REQUIRED: 32-byte Ed25519 key, as braid id prints it
 * endpoints = ["203.0.113.7:7000"]  # HOST:PORTs to dial (host names allowed); leave out for a
 *                                   # peer that only dials in (behind NAT): never dialed,
 *                                   # accepted
 * standby = false
 *
 * [control]
 * listen = "127.0.0.1:7070"         # loopback only
 * token_file = "~/.braid/control.token"
 *
 * [[expose]]                        # any number: peers reach a local server
 * protocol = "tcp"                  # tcp | udp
 * port = 80                         # REQUIRED: the braid port, 1..65535
 * target = "127.0.0.1:8080"         # REQUIRED: HOST:PORT it leads to
 *
 * [[forward]]                       # any number: a local port reaches a peer's exposed port
 * protocol = "tcp"                  # tcp | udp
 * listen = "127.0.0.1:8080"         # REQUIRED: local IP:PORT (port 0: the system picks)
 * peer = "office"                   # REQUIRED: a [[peer]] name or a node ID
 * port = 80                         # REQUIRED: the peer's braid port
 *
 * [[socks]]                         # any number: a SOCKS5 proxy leaving through an exit peer
 * listen = "127.0.0.1:1080"         # REQUIRED
 * exit = "office"                   # REQUIRED: a [[peer]] name or a node ID
 * exit_port = 1080
 * username = "ada"                  # RFC 1929; with password_file, both or neither
 * password_file = "socks.pass"      # the password on its first line
 *
 * [exit]                            # this node is an exit for other nodes' SOCKS proxies
 * port = 1080
 * allow = []                        # also allow "loopback", "link-local", "own-addresses"
 * connect_timeout = "10s"
 * </pre>
 *
 * <p>{@code ~/} starts at the user's home; other relative paths in the file start at the file's
 * directory. Errors are one line: {@code braid.toml: multipath.scheduler: expected one of ...,
 * got "fast"}, or {@code --peer: expected PUBLICKEY@HOST:PORT, got "abc"} for a flag.
 */
package braid.node.daemon;
