package io.reasonrank.llm.cache;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.ForwardingLlmBackend;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmRequest;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Puts a {@link CompletionCache} in front of a backend (issue 4: "lose nothing when a long run
 * dies"). A hit returns the stored answer, marked {@linkplain Completion#cached() cached}, without
 * calling the model. A miss calls the model and stores the answer <em>before</em> returning it, so a
 * run killed at any point loses at most the calls still in flight; rerun with the same cache, it
 * replays every answered call and asks the model only for the rest. A call that fails is not stored
 * (a later run asks again); an answer that cannot be stored fails the call with {@link CacheException}.
 *
 * <p>The key is the model, {@code backendKind} and the whole request ({@link CacheKey}). Name the
 * endpoint in {@code backendKind} (e.g. {@code "openai-completions http://host:8000/v1"}): the same
 * model behind another engine or chat template may answer differently. The cache is not closed with
 * this backend; whoever opened it closes it.
 */
public final class CachingBackend extends ForwardingLlmBackend {
  private final CompletionCache cache;
  private final String backendKind;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder promptTokensSaved = new LongAdder();
  private final LongAdder completionTokensSaved = new LongAdder();
  private final AtomicLong millisSaved = new AtomicLong();

  public CachingBackend(LlmBackend delegate, CompletionCache cache, String backendKind) {
    super(delegate);
    this.cache = Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(backendKind, "backendKind");
    if (backendKind.isBlank()) throw new IllegalArgumentException("backendKind must not be blank");
    this.backendKind = backendKind;
  }

  @Override
  public Completion complete(LlmRequest request) {
    CacheKey key = CacheKey.of(delegate().model(), backendKind, request);
    var hit = cache.get(key);
    if (hit.isPresent()) {
      Completion c = hit.get().completion();
      hits.increment();
      promptTokensSaved.add(c.promptTokens());
      completionTokensSaved.add(c.completionTokens());
      millisSaved.addAndGet(hit.get().millis());
      return c;
    }
    long t0 = System.nanoTime();
    Completion fresh;
    try {
      fresh = delegate().complete(request);
    } catch (RuntimeException e) {
      failures.increment();
      throw e;
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    cache.put(key, fresh, millis);
    misses.increment();
    return fresh;
  }

  /** Counters since this backend was made. */
  public CacheStats stats() {
    return new CacheStats(hits.sum(), misses.sum(), failures.sum(), promptTokensSaved.sum(), completionTokensSaved.sum(),
        millisSaved.get() / 1000.0);
  }

  public CompletionCache cache() {
    return cache;
  }

  public String backendKind() {
    return backendKind;
  }
}
