package io.reasonrank.pipeline;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.ForwardingLlmBackend;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;

/**
 * Overrides {@code max_tokens} of every call ({@code --max-tokens}); {@code min_tokens} is capped to it. Put it
 * before the completion cache, so that cache keys carry the budget actually asked for.
 */
public final class MaxTokensBackend extends ForwardingLlmBackend {
  private final int maxTokens;

  public MaxTokensBackend(LlmBackend delegate, int maxTokens) {
    super(delegate);
    if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
    this.maxTokens = maxTokens;
  }

  @Override
  public Completion complete(LlmRequest r) {
    return delegate().complete(withMaxTokens(r, maxTokens));
  }

  /** The request as it is sent: {@code max_tokens} replaced when {@code maxTokens} is not null ({@code min_tokens} capped to it). */
  public static LlmRequest withMaxTokens(LlmRequest r, Integer maxTokens) {
    if (maxTokens == null) return r;
    SamplingParams s = r.sampling();
    Integer min = s.minTokens() == null ? null : Math.min(s.minTokens(), maxTokens);
    return new LlmRequest(r.messages(), r.prompt(),
        new SamplingParams(s.temperature(), s.topP(), s.topK(), s.minP(), maxTokens, min, s.stop(), s.logprobs()));
  }
}
