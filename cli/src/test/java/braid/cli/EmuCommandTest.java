package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code braid emu}: one-line errors with exit code 2, and a short real run on loopback. */
class EmuCommandTest {

  private record Run(int code, String out, String err) {}

  private static Run braid(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A valid command line (that would stop at once) with flags replaced or added. */
  private static Run emu(String... flagsAndValues) {
    Map<String, String> flags = new LinkedHashMap<>(Map.of("--listen", "127.0.0.1:0",
        "--to", "127.0.0.1:9", "--rate", "10mbit", "--delay", "1ms", "--duration", "0s"));
    for (int i = 0; i < flagsAndValues.length; i += 2) {
      flags.put(flagsAndValues[i], flagsAndValues[i + 1]);
    }
    List<String> args = new ArrayList<>(List.of("emu"));
    flags.forEach((flag, value) -> args.addAll(List.of(flag, value)));
    return braid(args.toArray(String[]::new));
  }

  private static void assertOneLineError(Run r, String expected) {
    assertThat(r.code()).as(r.err()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
    assertThat(r.err().strip()).startsWith("braid emu: ").contains(expected);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void everyBadFlagValueIsOneLineNamingTheFlagAndExitTwo() {
    assertOneLineError(emu("--rate", "300"),
        "--rate: expected a rate like \"300mbit\" (kbit, mbit or gbit), got \"300\"");
    assertOneLineError(emu("--delay", "10"), "--delay: expected a duration like \"10ms\"");
    assertOneLineError(emu("--jitter", "fast"), "--jitter: expected a duration");
    assertOneLineError(emu("--loss", "2"), "--loss: expected a probability from 0 to 1");
    assertOneLineError(emu("--duplicate", "-0.1"), "--duplicate: expected a probability");
    assertOneLineError(emu("--burst", "0.1"), "--burst: expected \"p,r\"");
    assertOneLineError(emu("--burst", "0.1,x"), "--burst: expected \"p,r\"");
    assertOneLineError(emu("--queue", "-1"), "--queue: expected a whole number of packets");
    assertOneLineError(emu("--seed", "abc"), "--seed: expected a whole number");
    assertOneLineError(emu("--spin", "1"), "--spin: expected a duration");
    assertOneLineError(emu("--duration", "forever"), "--duration: expected a duration");
    assertOneLineError(emu("--listen", "9000"), "--listen: expected HOST:PORT");
    assertOneLineError(emu("--listen", "127.0.0.1:70000"), "--listen: expected HOST:PORT");
    assertOneLineError(emu("--to", "127.0.0.1:0"), "--to: expected HOST:PORT");
    assertOneLineError(emu("--to", "::1:9000"), "--to: expected HOST:PORT");
    assertOneLineError(emu("--to", "no-such-host.invalid:9000"), "--to: cannot resolve host");
    assertOneLineError(emu("--control", "0.0.0.0:7000"), "--control: expected a loopback");
    assertOneLineError(braid("emu", "--listen", "127.0.0.1:0"), "--to");
    assertOneLineError(emu("--bogus", "1"), "--bogus");
  }

  @Test
  void forwardsPrintsStatusAndAnswersTheControl() throws Exception {
    try (DatagramChannel server = DatagramChannel.open();
        DatagramChannel client = DatagramChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(
          new PrintWriter(out), new PrintWriter(err), "emu", "--listen", "127.0.0.1:0",
          "--to", "127.0.0.1:" + port, "--rate", "10mbit", "--delay", "5ms", "--control",
          "127.0.0.1:0", "--duration", "1500ms"));
      Matcher ready = awaitReady(out);
      assertThat(ready.group()).contains("to=127.0.0.1:" + port, "10mbit 5ms");

      InetSocketAddress listen = new InetSocketAddress("127.0.0.1",
          Integer.parseInt(ready.group(1)));
      client.send(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)), listen);
      ByteBuffer got = ByteBuffer.allocate(100);
      server.receive(got);
      assertThat(new String(got.array(), 0, got.position(), StandardCharsets.UTF_8))
          .isEqualTo("hello");

      try (Socket control = new Socket("127.0.0.1", Integer.parseInt(ready.group(2)))) {
        control.setSoTimeout(2000);
        new PrintWriter(control.getOutputStream(), true, StandardCharsets.UTF_8).println("stats");
        String stats = new BufferedReader(new InputStreamReader(control.getInputStream(),
            StandardCharsets.UTF_8)).readLine();
        assertThat(stats).contains("\"delivered\":1");
      }

      assertThat(run.get(10, TimeUnit.SECONDS)).as(err.toString()).isZero();
      assertThat(out.toString().lines().toList()).hasSize(2);
      assertThat(out.toString().lines().toList().get(1))
          .matches("t=1s fwd_mbps=[0-9.]+ fwd_lost=0 fwd_dropped=0 rev_mbps=0\\.00 rev_lost=0 "
              + "rev_dropped=0");
    }
  }

  private static Matcher awaitReady(StringWriter out) throws InterruptedException {
    Pattern p = Pattern.compile("ready listen=127\\.0\\.0\\.1:(\\d+) .*control=127\\.0\\.0\\.1:(\\d+).*");
    for (int i = 0; i < 500; i++) {
      Matcher m = p.matcher(out.toString().lines().findFirst().orElse(""));
      if (m.matches()) {
        return m;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no ready line in: " + out);
  }
}
