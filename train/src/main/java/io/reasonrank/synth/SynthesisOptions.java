package io.reasonrank.synth;

import io.reasonrank.llm.SamplingParams;
import java.util.Objects;

/**
 * Settings of one synthesis run ({@link Synthesizer}).
 *
 * @param dataset the {@code dataset} field of every row (the released set uses the domain, e.g. {@code biology})
 * @param listSize candidates per query: the top {@code listSize} of the first-stage run; 20 is the paper's cap and the
 *     sliding-window size (docs/reference-behaviour.md §9)
 * @param maxPassageTokens passage truncation in Qwen tokens, as in the listwise prompt (docs/reference-behaviour.md §1.5; 512 for the
 *     reasoning-intensive domains)
 * @param concurrency teacher calls in flight at once
 * @param pointwiseSampling sampling of the pointwise relevance calls
 * @param listwiseSampling sampling of the listwise reasoning call
 * @param pricePerMillionIn price in dollars per million prompt tokens (0: no cost accounting)
 * @param pricePerMillionOut price in dollars per million completion tokens
 */
public record SynthesisOptions(
    String dataset,
    int listSize,
    int maxPassageTokens,
    int concurrency,
    SamplingParams pointwiseSampling,
    SamplingParams listwiseSampling,
    double pricePerMillionIn,
    double pricePerMillionOut) {

  /** Pointwise default: greedy with room for a reasoning teacher's thinking before its verdict. */
  public static final int DEFAULT_POINTWISE_MAX_TOKENS = 4096;
  /** Listwise default: greedy with room for R1-length reasoning over 20 passages. */
  public static final int DEFAULT_LISTWISE_MAX_TOKENS = 8192;

  public SynthesisOptions {
    Objects.requireNonNull(dataset, "dataset");
    if (dataset.isBlank()) throw new IllegalArgumentException("dataset must not be blank");
    if (listSize < 1) throw new IllegalArgumentException("listSize must be >= 1, got " + listSize);
    if (maxPassageTokens < 1) throw new IllegalArgumentException("maxPassageTokens must be >= 1, got " + maxPassageTokens);
    if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
    Objects.requireNonNull(pointwiseSampling, "pointwiseSampling");
    Objects.requireNonNull(listwiseSampling, "listwiseSampling");
    if (!(pricePerMillionIn >= 0) || !(pricePerMillionOut >= 0)) {
      throw new IllegalArgumentException("prices must be >= 0, got " + pricePerMillionIn + " / " + pricePerMillionOut);
    }
  }

  /** Greedy defaults: 20 passages of at most 512 tokens, 8 calls in flight, no prices. */
  public static SynthesisOptions defaults(String dataset) {
    return new SynthesisOptions(dataset, 20, 512, 8, SamplingParams.greedy(DEFAULT_POINTWISE_MAX_TOKENS),
        SamplingParams.greedy(DEFAULT_LISTWISE_MAX_TOKENS), 0, 0);
  }
}
