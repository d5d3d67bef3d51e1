package io.reasonrank.llm;

import java.util.List;
import java.util.Map;

/**
 * A model's answer. Token counts come from the server's {@code usage} (or the engine's own counter);
 * {@code finishReason} is {@code stop} or {@code length}. {@code topLogprobs} holds, per generated
 * token, the top log-probabilities when they were asked for, else it is empty. {@code cached} says the
 * answer was replayed from the completion cache rather than generated now.
 */
public record Completion(
    String text,
    int promptTokens,
    int completionTokens,
    String finishReason,
    List<Map<String, Double>> topLogprobs,
    boolean cached) {

  public Completion {
    text = text == null ? "" : text;
    topLogprobs = topLogprobs == null ? List.of() : List.copyOf(topLogprobs);
  }

  /** A freshly generated answer. */
  public Completion(String text, int promptTokens, int completionTokens, String finishReason, List<Map<String, Double>> topLogprobs) {
    this(text, promptTokens, completionTokens, finishReason, topLogprobs, false);
  }

  public Completion(String text, int promptTokens, int completionTokens, String finishReason) {
    this(text, promptTokens, completionTokens, finishReason, List.of(), false);
  }

  /** The same answer marked as replayed from a cache. */
  public Completion asCached() {
    return cached ? this : new Completion(text, promptTokens, completionTokens, finishReason, topLogprobs, true);
  }
}
