package io.reasonrank.trainer.run;

import io.reasonrank.rerank.schedule.Progress;

/** The per-step progress text: step, fields, throughput and ETA from the mean step time of this process. */
public final class ProgressLine {
  private final long startNanos = System.nanoTime();
  private final int firstStep;
  private long tokens;

  /** @param firstStep the step this process starts from (0, or the checkpoint's on resume) */
  public ProgressLine(int firstStep) {
    this.firstStep = firstStep;
  }

  /** Adds tokens processed, for the rate. */
  public void addTokens(long n) {
    tokens += n;
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  public double tokensPerSecond() {
    double s = elapsedSeconds();
    return s > 0 ? tokens / s : 0;
  }

  /** {@code "step 3/40 <fields> | 1,234 tok/s | ETA 1m05s"}. */
  public String line(String what, int step, int total, String fields) {
    double secs = elapsedSeconds();
    int done = step - firstStep;
    String eta = done > 0 ? Progress.formatSeconds(secs / done * (total - step)) : "?";
    return String.format("%s: step %d/%d %s | %,.0f tok/s | %s elapsed | ETA %s", what, step, total, fields, tokensPerSecond(),
        Progress.formatSeconds(secs), eta);
  }
}
