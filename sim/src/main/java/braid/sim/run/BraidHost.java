package braid.sim.run;

import braid.core.session.Endpoint;
import braid.sim.DatagramSink;
import braid.sim.SimHost;
import java.nio.ByteBuffer;
import java.util.function.LongConsumer;

/**
 * A simulated machine running braid's endpoint: path index = handle. Before each transmit poll it
 * lets the application (the scenario's traffic) read and write, the way a real application thread
 * would between packets.
 */
final class BraidHost implements SimHost {
  final Endpoint endpoint;
  private final ByteBuffer out = ByteBuffer.allocate(65_536);
  private LongConsumer application = now -> { };

  BraidHost(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  void setApplication(LongConsumer application) {
    this.application = application;
  }

  @Override
  public void receive(int pathIndex, byte[] datagram, int length, long nowNanos) {
    endpoint.receive(pathIndex, ByteBuffer.wrap(datagram, 0, length), nowNanos);
  }

  @Override
  public void pollTransmit(long nowNanos, DatagramSink sink) {
    application.accept(nowNanos);
    while (true) {
      out.clear();
      int handle = endpoint.pollTransmit(nowNanos, out);
      if (handle == Endpoint.NO_TRANSMIT) {
        return;
      }
      sink.send(handle, out.array(), 0, out.position());
    }
  }

  @Override
  public long nextTimeoutNanos() {
    return endpoint.nextTimeoutNanos();
  }

  @Override
  public void onTimeout(long nowNanos) {
    endpoint.onTimeout(nowNanos);
  }
}
