package io.reasonrank.cli;

import io.reasonrank.index.IndexProgress;
import io.reasonrank.search.lucene.SearchProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Renders the library's progress callbacks as a stderr progress bar (count, rate, ETA). The bar is
 * created when the total becomes known and closed by {@link #close()}.
 */
final class ConsoleProgress implements IndexProgress, SearchProgress, AutoCloseable {
  private final String task;
  private final String unit;
  private volatile ProgressBar bar;

  ConsoleProgress(String task, String unit) {
    this.task = task;
    this.unit = unit;
  }

  private synchronized void start(long total) {
    if (bar != null || Verbosity.quiet()) return;
    bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setUnit(" " + unit, 1)
        .showSpeed()
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .build();
  }

  @Override
  public void started(long expectedDocs) {
    start(expectedDocs);
  }

  @Override
  public void started(int queries) {
    start(queries);
  }

  @Override
  public void advanced(long done) {
    ProgressBar b = bar;
    if (b != null) b.stepTo(Math.max(b.getCurrent(), done));
  }

  @Override
  public void advanced(int done) {
    advanced((long) done);
  }

  @Override
  public void close() {
    ProgressBar b = bar;
    if (b != null) b.close();
  }
}
