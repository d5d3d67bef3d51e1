package io.reasonrank.llm.cache;

import java.util.Locale;

/**
 * What a {@link CachingBackend} did since it was made: {@code hits} answered from the cache,
 * {@code misses} sent to the model (and stored), {@code failures} that failed (the model's failure,
 * or the failure of the same request in flight that the call waited for; not stored), {@code shared}
 * answered by waiting for the same request already in flight from another caller (single flight: no
 * model call of their own); the tokens that hits and shared answers did not generate again, and the
 * generation seconds the hits saved, as recorded when they were first generated (a shared answer
 * saves no time: its caller waited for the generation).
 */
public record CacheStats(long hits, long misses, long failures, long promptTokensSaved, long completionTokensSaved, double secondsSaved,
    long shared) {
  /** Counters of a backend that shared no call. */
  public CacheStats(long hits, long misses, long failures, long promptTokensSaved, long completionTokensSaved, double secondsSaved) {
    this(hits, misses, failures, promptTokensSaved, completionTokensSaved, secondsSaved, 0);
  }

  /** The share of calls answered without a model call of their own: (hits + shared) / all calls. */
  public double hitRate() {
    long lookups = hits + misses + shared + failures;
    return lookups == 0 ? 0.0 : (double) (hits + shared) / lookups;
  }

  /** One line; the shared count is named only when there is one, so the usual line stays as it was. */
  @Override
  public String toString() {
    String sharedPart = shared == 0 ? "" : String.format(Locale.ROOT, ", %d shared", shared);
    return String.format(Locale.ROOT, "cache: %d hits, %d misses%s, %d failed (hit rate %.1f%%), saved %d output tokens, %.1f s",
        hits, misses, sharedPart, failures, 100 * hitRate(), completionTokensSaved, secondsSaved);
  }
}
