package io.reasonrank.llm.cache;

import java.util.Locale;

/**
 * What a {@link CachingBackend} did since it was made: {@code hits} answered from the cache,
 * {@code misses} sent to the model (and stored), {@code failures} that the model failed (not stored);
 * the tokens and the generation seconds the hits saved, as recorded when they were first generated.
 */
public record CacheStats(long hits, long misses, long failures, long promptTokensSaved, long completionTokensSaved, double secondsSaved) {
  public double hitRate() {
    long lookups = hits + misses + failures;
    return lookups == 0 ? 0.0 : (double) hits / lookups;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "cache: %d hits, %d misses, %d failed (hit rate %.1f%%), saved %d output tokens, %.1f s",
        hits, misses, failures, 100 * hitRate(), completionTokensSaved, secondsSaved);
  }
}
