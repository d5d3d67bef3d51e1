package io.reasonrank.llm.cache;

/**
 * Averages over the completions a cache holds for one model: how many calls were recorded and their
 * mean prompt tokens, output tokens and generation seconds. A dry run multiplies these by the number of
 * calls it plans to estimate tokens and time.
 */
public record ModelCallStats(String model, long calls, double meanPromptTokens, double meanCompletionTokens, double meanSeconds) {
  public ModelCallStats {
    if (calls < 1) throw new IllegalArgumentException("calls must be >= 1, got " + calls);
  }
}
