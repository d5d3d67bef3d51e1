package io.reasonrank.rerank;

import java.util.ArrayList;
import java.util.List;

/**
 * Sliding-window settings (docs/reference-behaviour.md §3; the run script's {@code --window_size 20 --step_size 10
 * --retrieval_num 100 --num_passes 1}).
 *
 * @param windowSize passages per LLM call ({@code W = min(windowSize, n)} for a list of n)
 * @param step how far the window moves toward the top after each call
 * @param topK {@code rank_end}: only the first {@code min(topK, n)} candidates are reranked
 * @param passes full sweeps; pass {@code p} (0-based) starts at {@code rank_start = step * p}, as in the reference
 */
public record WindowSettings(int windowSize, int step, int topK, int passes) {

  /** The reference's settings: window 20, step 10, top 100, one pass. */
  public static final WindowSettings DEFAULT = new WindowSettings(20, 10, 100, 1);

  public WindowSettings {
    if (windowSize < 1) throw new IllegalArgumentException("window size must be >= 1, got " + windowSize);
    if (step < 1) throw new IllegalArgumentException("step must be >= 1, got " + step);
    if (step > windowSize) {
      throw new IllegalArgumentException("step must not exceed the window size (" + windowSize + "), got " + step
          + ": passages between windows would never be ranked");
    }
    if (topK < 1) throw new IllegalArgumentException("top must be >= 1, got " + topK);
    if (passes < 1) throw new IllegalArgumentException("passes must be >= 1, got " + passes);
  }

  /** One window {@code [start, end)} over the current list. */
  public record Window(int start, int end) {
    public int size() {
      return end - start;
    }
  }

  /**
   * The windows of one pass over a list of {@code n} candidates, in call order (back to front), exactly as
   * the reference's {@code sliding_windows} loop produces them:
   *
   * <pre>
   * rank_end = min(topK, n); W = min(windowSize, n); we = rank_end; ws = rank_end - W
   * while we &gt; rank_start and ws + step != rank_start:
   *     ws = max(ws, rank_start); call [ws, we); we -= step; ws -= step
   * </pre>
   *
   * The last window may be shorter (n = 95 gives {@code [0,15)} last). One reference quirk is kept: when
   * {@code rank_end - W + step == rank_start} the loop never runs (e.g. top 10 with window 20 / step 10
   * ranks nothing).
   */
  public List<Window> windows(int n, int pass) {
    if (n < 0) throw new IllegalArgumentException("n must be >= 0, got " + n);
    int rankStart = step * pass;
    int rankEnd = Math.min(topK, n);
    int w = Math.min(windowSize, n);
    List<Window> out = new ArrayList<>();
    int we = rankEnd;
    int ws = rankEnd - w;
    while (we > rankStart && ws + step != rankStart) {
      ws = Math.max(ws, rankStart);
      out.add(new Window(ws, we));
      we -= step;
      ws -= step;
    }
    return out;
  }

  /** Every window of every pass, in call order. */
  public List<Window> allWindows(int n) {
    List<Window> out = new ArrayList<>();
    for (int p = 0; p < passes; p++) out.addAll(windows(n, p));
    return out;
  }
}
