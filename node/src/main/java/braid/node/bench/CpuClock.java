package braid.node.bench;

import java.lang.management.ManagementFactory;

/** The process's CPU time (every thread, user and system), in nanoseconds. */
final class CpuClock {
  private CpuClock() {}

  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
