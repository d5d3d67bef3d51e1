package io.reasonrank.cli;

import io.reasonrank.index.IndexProgress;
import io.reasonrank.search.lucene.SearchProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Renders the library's progress callbacks on stderr (count, rate, ETA): a progress bar on a terminal, one plain line
 * every few seconds to a pipe or a file ({@link RunProgress#isTerminal()}). The display is created when the total
 * becomes known and closed by {@link #close()}.
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
    boolean terminal = RunProgress.isTerminal();
    // a terminal gets the redrawn bar; a pipe or a file one plain line every few seconds, not '\r' frames
    bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setUnit(" " + unit, 1)
        .showSpeed()
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(terminal ? 500 : (int) (RunProgress.LINE_INTERVAL_NANOS / 1_000_000))
        .setConsumer(terminal ? new ConsoleProgressBarConsumer(System.err) : new DelegatingProgressBarConsumer(line -> {
          System.err.println(line.strip());
          System.err.flush();
        }))
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
