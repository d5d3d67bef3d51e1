package io.reasonrank.rerank;

/**
 * Top-down partitioning settings (Parry, MacAvaney and Ganguly, SIGIR 2024; defaults of
 * {@code Parry-Parry/TDPart@0179768:partitionrank/transformer/__init__.py::ListWiseTransformer} and
 * {@code Parry-Parry/pyterrier-generative@43482f9:pyterrier_generative/_algorithms.py::tdpart}).
 *
 * @param windowSize passages per LLM call, pivot included ({@code window_size = 20})
 * @param cutoff the pivot is the {@code cutoff}-th passage (1-based) of the sorted first window ({@code cutoff = 10},
 *     pivot index {@code cutoff - 1}): the top {@code cutoff} is what the strategy settles
 * @param budget how many candidates that beat the pivot are gathered before the pool is cut and partitioned again
 *     ({@code buffer = 20})
 * @param topK depth of the first-stage list that is reranked ({@code depth = 100}); the rest keeps its place
 * @param maxIterations bound on the partitioning rounds of one query ({@code max_iters = 100})
 */
public record TopDownSettings(int windowSize, int cutoff, int budget, int topK, int maxIterations) {

  /** Window 20, cutoff 10, budget 20, top 100, at most 100 rounds. */
  public static final TopDownSettings DEFAULT = new TopDownSettings(20, 10, 20, 100, 100);

  public TopDownSettings {
    if (windowSize < 2) throw new IllegalArgumentException("window size must be >= 2 (a pivot and one passage), got " + windowSize);
    if (cutoff < 1 || cutoff >= windowSize) {
      throw new IllegalArgumentException("cutoff must be between 1 and the window size - 1 (" + (windowSize - 1) + "), got " + cutoff);
    }
    if (budget < cutoff) throw new IllegalArgumentException("budget must be >= the cutoff (" + cutoff + "), got " + budget);
    if (topK < 1) throw new IllegalArgumentException("top must be >= 1, got " + topK);
    if (maxIterations < 1) throw new IllegalArgumentException("max iterations must be >= 1, got " + maxIterations);
  }

  /** 0-based position of the pivot in the sorted first window of a round. */
  public int pivotIndex() {
    return cutoff - 1;
  }
}
