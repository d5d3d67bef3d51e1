package io.reasonrank.prompt;

/**
 * The model's tokenizer, as far as prompts need it: token-based passage truncation
 * ({@code convert_tokens_to_string(tokenize(text)[:max])}, docs/reference-behaviour.md §1.5 step 5) and token counts (§1.8).
 */
public interface PassageTokenizer {

  /** The text of the first {@code maxTokens} tokens, decoded byte-level (a cut inside a character gives U+FFFD). */
  String truncate(String text, int maxTokens);

  /** Number of tokens without special tokens added. */
  int countTokens(String text);
}
