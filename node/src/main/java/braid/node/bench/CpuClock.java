package braid.node.bench;

import java.lang.management.ManagementFactory;

/** The process's CPU time (every thread, user and system) and the event loops' allocation. */
final class CpuClock {
  private CpuClock() {}

  /** Bytes allocated so far by the live threads whose names start with {@code prefix}. */
  static long allocatedBytes(String prefix) {
    if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t)) {
      return -1;
    }
    long sum = 0;
    for (Thread th : Thread.getAllStackTraces().keySet()) {
      if (th.getName().startsWith(prefix)) {
        sum += t.getThreadAllocatedBytes(th.threadId());
      }
    }
    return sum;
  }

  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
