package io.reasonrank.prompt;

/** Which branch of the reference's {@code _clean_response}/{@code receive_permutation} produced a window's order (docs/reference-behaviour.md §4). */
public enum ParsePath {
  /** {@code <think>.*?</think>\s*<answer>(.*?)</answer>} matched the lower-cased response. */
  PATTERN,
  /** No pattern match, but {@code <answer>} occurs: the text after its last occurrence was used. */
  ANSWER_SPLIT,
  /**
   * The digits of the whole response were used: no tags (the reference prints "the reasoning length is too
   * long.", typically a generation cut at max_tokens) or a mode without the pattern ({@code rank_GPT}).
   */
  WHOLE_RESPONSE,
  /** A digit token that Python's {@code int()} rejects (e.g. {@code ²}, {@code ①}): the window is left unchanged. */
  INT_ERROR
}
