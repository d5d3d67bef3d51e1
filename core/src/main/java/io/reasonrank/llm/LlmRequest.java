package io.reasonrank.llm;

import java.util.List;
import java.util.Objects;

/**
 * One generation request. It carries both forms of the same input: {@code messages} for chat endpoints
 * and {@code prompt}, the chat-template rendering (ChatML for Qwen) after the whole-prompt
 * {@code fix_text}, for completion endpoints and in-process engines. The reference feeds the model
 * {@code prompt} (docs/reference-behaviour.md §1.6–1.7), so that is the faithful path.
 */
public record LlmRequest(List<ChatMessage> messages, String prompt, SamplingParams sampling) {
  public LlmRequest {
    messages = List.copyOf(messages);
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(sampling, "sampling");
  }
}
