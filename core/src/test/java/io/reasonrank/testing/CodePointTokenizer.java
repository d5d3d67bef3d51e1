package io.reasonrank.testing;

import io.reasonrank.prompt.PassageTokenizer;

/** Test double: a tokenizer where every Unicode code point is one token (lets core tests reason about cuts). */
public final class CodePointTokenizer implements PassageTokenizer {
  @Override
  public String truncate(String text, int maxTokens) {
    int n = text.codePointCount(0, text.length());
    return n <= maxTokens ? text : text.substring(0, text.offsetByCodePoints(0, maxTokens));
  }

  @Override
  public int countTokens(String text) {
    return text.codePointCount(0, text.length());
  }
}
