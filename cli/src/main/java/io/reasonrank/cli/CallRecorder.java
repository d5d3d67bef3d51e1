package io.reasonrank.cli;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.ForwardingLlmBackend;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;
import java.util.concurrent.atomic.LongAdder;

/**
 * The decorator {@code reasonrank rerank} puts between the reranker and the (cached) model: it counts the
 * calls that reached the model and those the completion cache answered, and applies the {@code --max-tokens}
 * override before the cache sees the request, so that cache keys carry the budget actually asked for.
 */
final class CallRecorder extends ForwardingLlmBackend {
  private final Integer maxTokensOverride;
  private final LongAdder generated = new LongAdder();
  private final LongAdder replayed = new LongAdder();
  private final LongAdder failed = new LongAdder();

  CallRecorder(LlmBackend delegate, Integer maxTokensOverride) {
    super(delegate);
    this.maxTokensOverride = maxTokensOverride;
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
      throw e;
    }
    (c.cached() ? replayed : generated).increment();
    return c;
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
}
