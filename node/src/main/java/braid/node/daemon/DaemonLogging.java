package braid.node.daemon;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Applies {@code node.log_level} to Logback, the daemon's logging backend.
 *
 * <p>A Logback configuration file ({@code logback.xml}, {@code -Dlogback.configurationFile})
 * keeps its appenders; only the levels of the root logger and of {@code braid} change. Without
 * one, Logback's fallback writes everything at DEBUG to standard output; the daemon replaces it
 * with one line per event on standard error, so that standard output stays free for commands'
 * results.
 */
public final class DaemonLogging {
  /** The name Logback's fallback configuration gives its console appender. */
  private static final String FALLBACK_APPENDER = "console";

  private DaemonLogging() {}

  /** Sets the level of the root and {@code braid} loggers; does nothing without Logback. */
  public static void apply(Level level) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Appender<ILoggingEvent> fallback = root.getAppender(FALLBACK_APPENDER);
    if (fallback instanceof ConsoleAppender<ILoggingEvent>) {
      root.detachAppender(fallback);
      fallback.stop();
      root.addAppender(stderr(context));
    }
    ch.qos.logback.classic.Level chosen = ch.qos.logback.classic.Level.toLevel(level.name());
    root.setLevel(chosen);
    // A configuration may give braid's own loggers a level of their own (the CLI's logback.xml
    // keeps libraries at WARN and braid at INFO); log_level is about braid's lines above all.
    context.getLogger("braid").setLevel(chosen);
  }

  private static Appender<ILoggingEvent> stderr(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{24} - %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("braid-stderr");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }
}
