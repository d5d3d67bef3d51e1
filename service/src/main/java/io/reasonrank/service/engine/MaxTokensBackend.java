package io.reasonrank.service.engine;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.ForwardingLlmBackend;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmRequest;
import io.reasonrank.llm.SamplingParams;

/** Overrides {@code max_tokens} of every call (rerank's {@code --max-tokens}); {@code min_tokens} is capped to it. */
final class MaxTokensBackend extends ForwardingLlmBackend {
  private final int maxTokens;

  MaxTokensBackend(LlmBackend delegate, int maxTokens) {
    super(delegate);
    if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
    this.maxTokens = maxTokens;
  }

  @Override
  public Completion complete(LlmRequest r) {
    SamplingParams s = r.sampling();
    Integer min = s.minTokens() == null ? null : Math.min(s.minTokens(), maxTokens);
    return delegate().complete(new LlmRequest(r.messages(), r.prompt(),
        new SamplingParams(s.temperature(), s.topP(), s.topK(), s.minP(), maxTokens, min, s.stop(), s.logprobs())));
  }
}
