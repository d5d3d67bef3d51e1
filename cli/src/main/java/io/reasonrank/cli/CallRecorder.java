package io.reasonrank.cli;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.ForwardingLlmBackend;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The decorator {@code reasonrank rerank} puts between the reranker and the (cached) model: it counts every call
 * attempted, those that succeeded (generated now or answered by the completion cache) and those that failed, by
 * {@link LlmException.Kind}; it hands each distinct error message to a listener the first time it occurs (the
 * console shows each once, not once per window); and it applies the {@code --max-tokens} override before the cache
 * sees the request, so that cache keys carry the budget actually asked for.
 */
final class CallRecorder extends ForwardingLlmBackend {
  /** Distinct messages kept for the summary; later new ones are only counted. */
  static final int MAX_DISTINCT_ERRORS = 20;

  private final Integer maxTokensOverride;
  private final Consumer<LlmException> firstOfItsKind;
  private final LongAdder generated = new LongAdder();
  private final LongAdder replayed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Map<LlmException.Kind, Long> failedByKind = new EnumMap<>(LlmException.Kind.class); // guarded by this
  private final Map<String, Long> errors = new LinkedHashMap<>(); // guarded by this
  private long otherErrors; // guarded by this

  CallRecorder(LlmBackend delegate, Integer maxTokensOverride) {
    this(delegate, maxTokensOverride, e -> {});
  }

  /** @param firstOfItsKind told about the first failure with each distinct message (from the calling thread) */
  CallRecorder(LlmBackend delegate, Integer maxTokensOverride, Consumer<LlmException> firstOfItsKind) {
    super(delegate);
    this.maxTokensOverride = maxTokensOverride;
    this.firstOfItsKind = firstOfItsKind;
  }

  /** The request as it is sent: {@code max_tokens} replaced when overridden ({@code min_tokens} capped to it). */
  static LlmRequest withMaxTokens(LlmRequest r, Integer maxTokens) {
    if (maxTokens == null) return r;
    SamplingParams s = r.sampling();
    Integer min = s.minTokens() == null ? null : Math.min(s.minTokens(), maxTokens);
    return new LlmRequest(r.messages(), r.prompt(),
        new SamplingParams(s.temperature(), s.topP(), s.topK(), s.minP(), maxTokens, min, s.stop(), s.logprobs()));
  }

  @Override
  public Completion complete(LlmRequest request) {
    LlmRequest sent = withMaxTokens(request, maxTokensOverride);
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
    String m = RerankCommand.oneLine(e);
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

  long attemptedCalls() {
    return generated.sum() + replayed.sum() + failed.sum();
  }

  long succeededCalls() {
    return generated.sum() + replayed.sum();
  }

  long generatedCalls() {
    return generated.sum();
  }

  long cachedCalls() {
    return replayed.sum();
  }

  long failedCalls() {
    return failed.sum();
  }

  synchronized Map<LlmException.Kind, Long> failedByKind() {
    return Map.copyOf(failedByKind);
  }

  /** Each distinct error message with its count, in order of first occurrence. */
  synchronized Map<String, Long> errors() {
    return new LinkedHashMap<>(errors);
  }

  /** Failures whose message was new after {@link #MAX_DISTINCT_ERRORS} distinct ones. */
  synchronized long otherErrors() {
    return otherErrors;
  }
}
