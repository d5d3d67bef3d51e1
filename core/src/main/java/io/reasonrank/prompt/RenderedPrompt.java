package io.reasonrank.prompt;

import java.util.List;
import java.util.Objects;

/**
 * One window's prompt in all its forms: the system and user turns (what a chat endpoint receives), the
 * final prompt string (ChatML after the whole-prompt {@code fix_text}, what the reference feeds the model),
 * and each passage as rendered after its {@code "[i] "}.
 */
public record RenderedPrompt(String systemPrompt, String userMessage, String prompt, List<String> passages) {
  public RenderedPrompt {
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    Objects.requireNonNull(userMessage, "userMessage");
    Objects.requireNonNull(prompt, "prompt");
    passages = List.copyOf(passages);
  }
}
