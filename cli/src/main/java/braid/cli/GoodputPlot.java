package braid.cli;

import braid.sim.report.PathReport;
import braid.sim.report.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a run's goodput over time as a PNG: the session's in-order goodput and each path's share
 * (new stream payload it delivered), in 100 ms bins, with the path events marked by the curves
 * themselves dropping and recovering.
 */
final class GoodputPlot {
  private GoodputPlot() {}

  static void write(Result r, Path file) throws IOException {
    // Charts are drawn off-screen; no display is needed (or wanted) on a server.
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(1200).height(500)
        .title(r.scenario() + " (" + r.scheduler() + "): goodput per 100 ms")
        .xAxisTitle("time (s)").yAxisTitle("Mbit/s").build();
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setXAxisDecimalPattern("0.#");
    chart.getStyler().setXAxisTickMarkSpacingHint(120);
    double bin = r.binNanos() / 1e9;
    double[] total = r.goodputSeriesMbps();
    chart.addSeries("session goodput", times(total.length, bin), total)
        .setMarker(SeriesMarkers.NONE);
    for (PathReport p : r.paths()) {
      double[] s = p.seriesMbps();
      chart.addSeries("path " + p.name(), times(s.length, bin), s).setMarker(SeriesMarkers.NONE);
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    String name = file.toString();
    String base = name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
  }

  private static double[] times(int n, double bin) {
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = (i + 1) * bin;
    }
    return t;
  }
}
