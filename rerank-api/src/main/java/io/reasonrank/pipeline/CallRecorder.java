package io.reasonrank.pipeline;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.ForwardingLlmBackend;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The decorator a {@link RerankPipeline} (and {@code reasonrank rerank}) puts between the reranker and the (cached) model: it counts every call
 * attempted, those that succeeded (generated now or answered by the completion cache) and those that failed, by
 * {@link LlmException.Kind}; it hands each distinct error message to a listener the first time it occurs (the
 * console shows each once, not once per window); and it applies the {@code --max-tokens} override before the cache
 * sees the request, so that cache keys carry the budget actually asked for.
 */
public final class CallRecorder extends ForwardingLlmBackend {
  /** Distinct messages kept for the summary; later new ones are only counted. */
  public static final int MAX_DISTINCT_ERRORS = 20;

  private final Integer maxTokensOverride;
  private final Consumer<LlmException> firstOfItsKind;
  private final LongAdder generated = new LongAdder();
  private final LongAdder replayed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Map<LlmException.Kind, Long> failedByKind = new EnumMap<>(LlmException.Kind.class); // guarded by this
  private final Map<String, Long> errors = new LinkedHashMap<>(); // guarded by this
  private long otherErrors; // guarded by this

  public CallRecorder(LlmBackend delegate, Integer maxTokensOverride) {
    this(delegate, maxTokensOverride, e -> {});
  }

  /** @param firstOfItsKind told about the first failure with each distinct message (from the calling thread) */
  public CallRecorder(LlmBackend delegate, Integer maxTokensOverride, Consumer<LlmException> firstOfItsKind) {
    super(delegate);
    this.maxTokensOverride = maxTokensOverride;
    this.firstOfItsKind = firstOfItsKind;
  }

  @Override
  public Completion complete(LlmRequest request) {
    LlmRequest sent = MaxTokensBackend.withMaxTokens(request, maxTokensOverride);
    Completion c;
    try {
      c = delegate().complete(sent);
    } catch (LlmException e) {
      failed.increment();
      if (record(e)) firstOfItsKind.accept(e);
      throw e;
    }
    (c.cached() ? replayed : generated).increment();
    return c;
  }

  /** Counts a failure; true when its message is new. */
  private synchronized boolean record(LlmException e) {
    failedByKind.merge(e.kind(), 1L, Long::sum);
    String m = Messages.oneLine(e);
    Long n = errors.get(m);
    if (n != null) {
      errors.put(m, n + 1);
      return false;
    }
    if (errors.size() >= MAX_DISTINCT_ERRORS) {
      otherErrors++;
      return false;
    }
    errors.put(m, 1L);
    return true;
  }

  /** Calls attempted: succeeded plus failed. */
  public long attemptedCalls() {
    return generated.sum() + replayed.sum() + failed.sum();
  }

  /** Calls answered, now or by the cache. */
  public long succeededCalls() {
    return generated.sum() + replayed.sum();
  }

  /** Calls the model answered now. */
  public long generatedCalls() {
    return generated.sum();
  }

  /** Calls the completion cache answered. */
  public long cachedCalls() {
    return replayed.sum();
  }

  /** Calls that failed after the backend's retries. */
  public long failedCalls() {
    return failed.sum();
  }

  /** Failed calls by kind. */
  public synchronized Map<LlmException.Kind, Long> failedByKind() {
    return Map.copyOf(failedByKind);
  }

  /** Each distinct error message with its count, in order of first occurrence. */
  public synchronized Map<String, Long> errors() {
    return new LinkedHashMap<>(errors);
  }

  /** Failures whose message was new after {@link #MAX_DISTINCT_ERRORS} distinct ones. */
  public synchronized long otherErrors() {
    return otherErrors;
  }
}
