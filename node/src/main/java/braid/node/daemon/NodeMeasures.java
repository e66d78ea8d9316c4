package braid.node.daemon;

import braid.core.session.EndpointCounters;
import braid.node.BraidNode;
import braid.node.NodeCounters;
import braid.node.PathStats;
import braid.node.control.PrometheusText;
import braid.node.control.PrometheusText.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Everything the daemon reports about its node, each measure declared once with both of its
 * names: the JSON field of {@code GET /v1/status} and the Prometheus metric of {@code GET
 * /metrics}. One table means the two views cannot drift apart.
 */
final class NodeMeasures {

  /**
   * One measure.
   *
   * @param json the field name in status JSON (its raw value, in the unit the name says)
   * @param metric the Prometheus name
   * @param type counter or gauge
   * @param help the Prometheus help text
   * @param value reads the raw value
   * @param scale multiplies the raw value for Prometheus (microseconds to seconds), else 1
   */
  record Measure<T>(String json, String metric, Type type, String help, ToLongFunction<T> value,
      double scale) {

    static <T> Measure<T> counter(String json, String metric, String help,
        ToLongFunction<T> value) {
      return new Measure<>(json, metric, Type.COUNTER, help, value, 1);
    }

    static <T> Measure<T> gauge(String json, String metric, String help,
        ToLongFunction<T> value) {
      return new Measure<>(json, metric, Type.GAUGE, help, value, 1);
    }

    static <T> Measure<T> micros(String json, String metric, String help,
        ToLongFunction<T> value) {
      return new Measure<>(json, metric, Type.GAUGE, help, value, 1e-6);
    }
  }

  /**
   * What reached the endpoint that no session took. Hostile and junk traffic shows here: random
   * bytes as malformed or unknown index, forged handshakes as bad MAC, replayed handshakes as
   * replayed initiations.
   */
  static final List<Measure<EndpointCounters>> ENDPOINT = List.of(
      Measure.counter("datagrams_received", "braid_datagrams_received_total",
          "Datagrams the endpoint received, whatever became of them.",
          EndpointCounters::datagramsReceived),
      Measure.counter("malformed", "braid_datagrams_malformed_total",
          "Datagrams dropped: unknown type, or the wrong length for their type.",
          EndpointCounters::malformed),
      Measure.counter("unknown_index", "braid_unknown_index_total",
          "Packets dropped: addressed to a receiver index no session holds.",
          EndpointCounters::unknownIndex),
      Measure.counter("bad_mac", "braid_bad_mac_total",
          "Handshake initiations dropped: wrong mac1 (not meant for this node, or forged).",
          EndpointCounters::badMac),
      Measure.counter("handshake_failures", "braid_handshake_failures_total",
          "Handshake initiations that passed the MAC check but failed to decrypt or verify.",
          EndpointCounters::handshakeFailures),
      Measure.counter("replayed_initiations", "braid_replayed_initiations_total",
          "Handshake initiations dropped as replays of one already seen.",
          EndpointCounters::replayedInitiations),
      Measure.counter("unknown_session_tag", "braid_unknown_session_tag_total",
          "Rekey initiations dropped: they named a session this node does not have.",
          EndpointCounters::unknownSessionTag),
      Measure.counter("refused_peers", "braid_refused_peers_total",
          "Handshakes refused, unanswered: the peer is not configured and accept is \"peers\".",
          EndpointCounters::refusedPeers),
      Measure.counter("dropped", "braid_endpoint_dropped_total",
          "Datagrams the endpoint dropped for any of the reasons above.",
          EndpointCounters::dropped),
      Measure.counter("cookie_replies_sent", "braid_cookie_replies_sent_total",
          "Cookie replies sent to initiators while under load.",
          EndpointCounters::cookieRepliesSent),
      Measure.counter("sessions_accepted", "braid_sessions_accepted_total",
          "Sessions peers started with this node.", EndpointCounters::sessionsAccepted),
      Measure.counter("sessions_initiated", "braid_sessions_initiated_total",
          "Sessions this node started.", EndpointCounters::sessionsInitiated),
      Measure.counter("initiation_copies_answered", "braid_initiation_copies_answered_total",
          "Copies of an answered initiation, sent on several paths, answered on their own path.",
          EndpointCounters::initiationCopiesAnswered));

  /** The node's own I/O. */
  static final List<Measure<NodeCounters>> NODE = List.of(
      Measure.counter("udp_datagrams_received", "braid_udp_datagrams_received_total",
          "UDP datagrams read from the node's sockets.", NodeCounters::datagramsIn),
      Measure.counter("udp_datagrams_sent", "braid_udp_datagrams_sent_total",
          "UDP datagrams written to the node's sockets.", NodeCounters::datagramsOut),
      Measure.counter("udp_bytes_received", "braid_udp_bytes_received_total",
          "UDP payload bytes read.", NodeCounters::bytesIn),
      Measure.counter("udp_bytes_sent", "braid_udp_bytes_sent_total",
          "UDP payload bytes written.", NodeCounters::bytesOut),
      Measure.counter("gso_batches", "braid_udp_gso_batches_total",
          "Sends that carried several datagrams at once (UDP GSO).", NodeCounters::gsoBatches),
      Measure.counter("internal_errors", "braid_internal_errors_total",
          "Errors caught at the event loop's boundary; each one is a bug.",
          NodeCounters::internalErrors),
      Measure.counter("app_datagrams_dropped", "braid_app_datagrams_dropped_total",
          "Received datagrams dropped because the application did not read them in time.",
          NodeCounters::datagramsDropped),
      Measure.counter("streams_refused", "braid_streams_refused_total",
          "Streams a peer opened to a port nothing listens on.",
          NodeCounters::streamsRefused),
      Measure.counter("peer_key_mismatches", "braid_peer_key_mismatches_total",
          "Sessions closed after the handshake: a known peer's node ID with another public key.",
          NodeCounters::peerKeyMismatches));

  /** One session (label {@code peer}). */
  static final List<Measure<BraidNode.SessionStatus>> SESSION = List.of(
      Measure.counter("stream_bytes_sent", "braid_session_stream_bytes_sent_total",
          "Stream bytes sent to the peer.", BraidNode.SessionStatus::streamBytesSent),
      Measure.counter("stream_bytes_received", "braid_session_stream_bytes_received_total",
          "Stream bytes received from the peer.", BraidNode.SessionStatus::streamBytesReceived),
      Measure.counter("packets_dropped", "braid_session_packets_dropped_total",
          "Packets for the session dropped by its secure channel: replayed, too old,"
              + " failing authentication, malformed.",
          BraidNode.SessionStatus::packetsDropped));

  /** One path of a session (labels {@code peer} and {@code path}, the path's ID). */
  static final List<Measure<PathStats>> PATH = List.of(
      Measure.micros("srtt_us", "braid_path_srtt_seconds", "Smoothed round-trip time.",
          PathStats::srttMicros),
      Measure.micros("rttvar_us", "braid_path_rttvar_seconds", "Round-trip time variation.",
          PathStats::rttVarMicros),
      Measure.micros("min_rtt_us", "braid_path_min_rtt_seconds", "Smallest round-trip time seen.",
          PathStats::minRttMicros),
      Measure.gauge("cwnd_bytes", "braid_path_cwnd_bytes", "Congestion window.",
          PathStats::cwnd),
      Measure.gauge("in_flight_bytes", "braid_path_bytes_in_flight",
          "Bytes sent and not yet acknowledged or declared lost.", PathStats::bytesInFlight),
      Measure.gauge("rate_bytes_per_second", "braid_path_delivery_rate_bytes_per_second",
          "The congestion controller's estimate of the path's bandwidth.",
          PathStats::deliveryRate),
      Measure.counter("sent_packets", "braid_path_sent_packets_total", "Packets sent.",
          PathStats::packetsSent),
      Measure.counter("lost_packets", "braid_path_lost_packets_total",
          "Packets declared lost.", PathStats::packetsLost),
      Measure.counter("sent_bytes", "braid_path_sent_bytes_total", "Bytes sent.",
          PathStats::bytesSent),
      Measure.counter("received_bytes", "braid_path_received_bytes_total", "Bytes received.",
          PathStats::bytesReceived),
      Measure.counter("retransmitted_bytes", "braid_path_retransmitted_bytes_total",
          "Stream bytes sent again on this path.", PathStats::retransmittedBytes));

  private NodeMeasures() {}

  /** The measures' JSON fields and raw values, in table order. */
  static <T> Map<String, Object> json(List<Measure<T>> measures, T source) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Measure<T> m : measures) {
      out.put(m.json(), m.value().applyAsLong(source));
    }
    return out;
  }

  /** The Prometheus text of the whole node. */
  static String prometheus(Daemon d, EndpointCounters endpoint,
      List<BraidNode.SessionStatus> sessions) {
    PrometheusText out = new PrometheusText();
    out.family("braid_uptime_seconds", Type.GAUGE, "Time since the daemon started.")
        .sample(d.uptime().toMillis() / 1000.0);
    out.family("braid_local_sockets", Type.GAUGE, "UDP sockets the node has open.")
        .sample(d.sockets().size());
    out.family("braid_peers", Type.GAUGE,
        "Peers the node knows (configured): dialed if they have endpoints, always accepted.")
        .sample(d.node().peers().size());
    out.family("braid_sessions", Type.GAUGE, "Sessions by state.");
    for (String state : List.of("HANDSHAKING", "ESTABLISHED", "CLOSING")) {
      out.sample(sessions.stream().filter(s -> s.state().equals(state)).count(),
          "state", state.toLowerCase(java.util.Locale.ROOT));
    }
    unlabelled(out, ENDPOINT, endpoint);
    unlabelled(out, NODE, d.node().counters());
    for (Measure<BraidNode.SessionStatus> m : SESSION) {
      out.family(m.metric(), m.type(), m.help());
      for (BraidNode.SessionStatus s : sessions) {
        out.sample(m.value().applyAsLong(s) * m.scale(), "peer", s.peer().toString());
      }
    }
    for (Measure<PathStats> m : PATH) {
      out.family(m.metric(), m.type(), m.help());
      for (BraidNode.SessionStatus s : sessions) {
        for (PathStats p : s.paths()) {
          out.sample(m.value().applyAsLong(p) * m.scale(), "peer", s.peer().toString(),
              "path", Integer.toString(p.id()));
        }
      }
    }
    return out.toString();
  }

  private static <T> void unlabelled(PrometheusText out, List<Measure<T>> measures, T source) {
    for (Measure<T> m : measures) {
      out.family(m.metric(), m.type(), m.help()).sample(m.value().applyAsLong(source) * m.scale());
    }
  }
}
