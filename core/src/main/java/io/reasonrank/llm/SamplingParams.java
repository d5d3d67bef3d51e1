package io.reasonrank.llm;

import java.util.List;

/**
 * Sampling settings sent with a request. Null fields mean "the server's default", which is what the
 * reference leaves at vLLM defaults (docs/reference-behaviour.md §2). {@code logprobs} asks for that many top log-probabilities
 * per generated token (used by the pointwise Rank1 baseline).
 */
public record SamplingParams(
    double temperature,
    Double topP,
    Integer topK,
    Double minP,
    int maxTokens,
    Integer minTokens,
    List<String> stop,
    Integer logprobs) {

  public SamplingParams {
    if (maxTokens <= 0) throw new IllegalArgumentException("maxTokens must be > 0, got " + maxTokens);
    if (temperature < 0) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
    stop = stop == null ? List.of() : List.copyOf(stop);
  }

  /** Greedy decoding with a token budget, no other overrides. */
  public static SamplingParams greedy(int maxTokens) {
    return new SamplingParams(0.0, null, null, null, maxTokens, null, List.of(), null);
  }
}
