package io.reasonrank.llm;

import java.util.OptionalInt;

/**
 * The context-window check a backend runs before it generates: {@code promptTokens + maxTokens <= contextLength}.
 *
 * <p>The reference asks for {@code max_tokens = reasoning_maxlen + 100 = 3172} (docs/reference-behaviour.md §2) on prompts of up to
 * 20 passages × 512 tokens, and lets vLLM take {@code max_model_len} from the model config; a server started
 * with a smaller context rejects such requests one by one, after the queue has been waited for. Checking once,
 * up front, turns that into one clear message that names both numbers and the setting to change.
 *
 * <p>Prompt tokens are counted by the caller with the model's own tokenizer (docs/reference-behaviour.md §1.8), so the check stays
 * independent of any backend.
 */
public final class ContextBudget {
  private ContextBudget() {}

  /**
   * Throws a non-retryable {@link LlmException} when {@code promptTokens + maxTokens > contextLength}.
   *
   * @throws IllegalArgumentException when a count is negative, {@code maxTokens} is not positive or
   *     {@code contextLength} is not positive
   */
  public static void check(int promptTokens, int maxTokens, int contextLength) {
    if (promptTokens < 0) throw new IllegalArgumentException("promptTokens must be >= 0, got " + promptTokens);
    if (maxTokens <= 0) throw new IllegalArgumentException("maxTokens must be > 0, got " + maxTokens);
    if (contextLength <= 0) throw new IllegalArgumentException("contextLength must be > 0, got " + contextLength);
    long needed = (long) promptTokens + maxTokens;
    if (needed > contextLength) {
      throw new LlmException(
          "prompt of " + promptTokens + " tokens + max_tokens " + maxTokens + " = " + needed
              + " exceeds the model's context length of " + contextLength
              + " tokens; raise the server's context (vLLM --max-model-len, llama.cpp --ctx-size),"
              + " set --context-length if the server misreports it, or lower max_tokens",
          false);
    }
  }

  /** As {@link #check(int, int, int)}; an unknown context length checks nothing (the server will judge). */
  public static void check(int promptTokens, int maxTokens, OptionalInt contextLength) {
    if (contextLength.isPresent()) check(promptTokens, maxTokens, contextLength.getAsInt());
  }
}
