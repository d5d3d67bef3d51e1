package io.reasonrank.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long run, shown the way its console can take it: on a terminal a redrawn progress bar (count, rate,
 * ETA, and the caller's extra text); to a pipe or a file one plain line every {@link #LINE_INTERVAL_NANOS} and a last
 * one at the end, never {@code \r} frames that turn a log into one huge line. {@code -Dreasonrank.progress=bar|lines}
 * overrides the detection; on Linux stderr's own file descriptor decides, elsewhere the console. With the global
 * {@code --quiet} ({@link Verbosity#quiet()}) it shows nothing.
 */
final class RunProgress implements AutoCloseable {
  static final long LINE_INTERVAL_NANOS = 5_000_000_000L;

  private final String task;
  private final PrintWriter err;
  private final ProgressBar bar;
  private long lastLine;
  private String pending;

  private final boolean quiet = Verbosity.quiet();

  private RunProgress(String task, String unit, long total, PrintWriter err, boolean terminal) {
    this.task = task;
    this.err = err;
    this.bar = terminal && !quiet
        ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1).showSpeed()
            .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
            .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()
        : null;
    this.lastLine = System.nanoTime();
  }

  /** A progress display for {@code total} units of {@code unit}, a bar when stderr is a terminal. */
  static RunProgress start(String task, String unit, long total, PrintWriter err) {
    return new RunProgress(task, unit, total, err, isTerminal());
  }

  /** Whether progress goes to a terminal: the console's own answer, unless {@code reasonrank.progress} says. */
  static boolean isTerminal() {
    String p = System.getProperty("reasonrank.progress", "");
    if (p.equals("bar")) return true;
    if (p.equals("lines")) return false;
    // stderr itself, where Linux shows it: stdout may be a terminal while stderr goes to a log
    java.nio.file.Path fd2 = java.nio.file.Path.of("/proc/self/fd/2");
    try {
      if (java.nio.file.Files.isSymbolicLink(fd2)) {
        String target = java.nio.file.Files.readSymbolicLink(fd2).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      }
    } catch (java.io.IOException | SecurityException e) {
      // fall back to the console below
    }
    java.io.Console c = System.console();
    if (c == null) return false;
    try { // Console.isTerminal() exists from JDK 22 on; before, a console is only there for a terminal
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /**
   * Reports {@code done} units. {@code line} is the plain line's text (after {@code task: }), built only when it is
   * printed; on a bar it is the extra message.
   */
  synchronized void update(long done, Supplier<String> line) {
    if (quiet) return;
    if (bar != null) {
      bar.stepTo(Math.max(bar.getCurrent(), done));
      bar.setExtraMessage(" " + line.get());
      return;
    }
    long now = System.nanoTime();
    if (now - lastLine >= LINE_INTERVAL_NANOS) {
      lastLine = now;
      pending = null;
      err.println(task + ": " + line.get());
      err.flush();
    } else {
      pending = line.get();
    }
  }

  /** Ends the display; a plain console gets the last state as one more line unless it was just printed. */
  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
    } else if (pending != null) {
      err.println(task + ": " + pending);
      err.flush();
      pending = null;
    }
  }
}
