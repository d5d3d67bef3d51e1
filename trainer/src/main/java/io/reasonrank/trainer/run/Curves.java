package io.reasonrank.trainer.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG line charts of logged fields against the step (XChart, headless). */
public final class Curves {
  private Curves() {}

  /**
   * As {@link #plot}, but skipped when the JVM is shutting down (SIGTERM): AWT cannot start then, and the curve is
   * written again when the resumed run ends.
   */
  public static void plotUnlessShuttingDown(List<ObjectNode> rows, List<String> fields, String title, Path png) {
    try {
      plot(rows, fields, title, png);
    } catch (IllegalStateException shuttingDown) {
      // Runtime refuses new shutdown hooks (AWT registers one) once shutdown has begun
    }
  }

  /** Plots each of {@code fields} (rows lacking one are skipped) in one chart and writes {@code png}. */
  public static void plot(List<ObjectNode> rows, List<String> fields, String title, Path png) {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("step").yAxisTitle(String.join(", ", fields)).build();
    chart.getStyler().setLegendVisible(fields.size() > 1);
    boolean any = false;
    for (String f : fields) {
      List<Double> x = new ArrayList<>(), y = new ArrayList<>();
      for (ObjectNode r : rows) {
        if (r.hasNonNull(f) && r.get(f).isNumber()) {
          x.add(r.path("step").asDouble());
          y.add(r.get(f).asDouble());
        }
      }
      if (x.isEmpty()) continue;
      chart.addSeries(f, x, y).setMarker(x.size() > 50 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
      any = true;
    }
    if (!any) return;
    try {
      BitmapEncoder.saveBitmap(chart, png.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + png, e);
    }
  }
}
