/**
 * Metrics and results: {@link braid.sim.report.MetricsRecorder} collects what a run delivers and
 * turns it into a {@link braid.sim.report.Result} (one key=value line, JSON, check against
 * {@code [expect]}); {@link braid.sim.report.MarkdownTable} summarizes many results.
 */
package braid.sim.report;
