package io.reasonrank.rerank.schedule;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A run's progress when a query completes: {@code done} queries finished (of which {@code failed}
 * failed) out of {@code total}, after {@code elapsed}. The rate is queries per second since the run
 * started; the ETA assumes the remaining queries go at that rate.
 */
public record Progress(int done, int failed, int total, Duration elapsed) {
  public Progress {
    if (total < 0) throw new IllegalArgumentException("total must be >= 0, got " + total);
    if (done < 0 || done > total) throw new IllegalArgumentException("done must be in [0, " + total + "], got " + done);
    if (failed < 0 || failed > done) throw new IllegalArgumentException("failed must be in [0, " + done + "], got " + failed);
  }

  /** Queries per second so far; 0 before the first completion. */
  public double queriesPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds > 0 ? done / seconds : 0.0;
  }

  /** Time left at the current rate; empty until a query has completed. */
  public Optional<Duration> eta() {
    if (done == 0) return Optional.empty();
    long nanosLeft = (long) ((double) elapsed.toNanos() / done * (total - done));
    return Optional.of(Duration.ofNanos(nanosLeft));
  }

  /** One line for stderr, e.g. {@code 120/1384 queries (2 failed), 3.41 q/s, elapsed 35s, ETA 6m11s}. */
  @Override
  public String toString() {
    String failures = failed > 0 ? " (" + failed + " failed)" : "";
    String eta = eta().map(Progress::format).orElse("?");
    return String.format(Locale.ROOT, "%d/%d queries%s, %.2f q/s, elapsed %s, ETA %s",
        done, total, failures, queriesPerSecond(), format(elapsed), eta);
  }

  static String format(Duration d) {
    return formatSeconds(d.toMillis() / 1000.0);
  }

  /** A duration for people, rounded to the second: {@code 42s}, {@code 6m11s}, {@code 3h07m}. */
  public static String formatSeconds(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) return s + "s";
    if (s < 3600) return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
    return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s / 60) % 60) + "m";
  }
}
