package io.reasonrank.llm.cache;

/**
 * The completion cache could not be read or written (disk full, a locked or corrupt file). Not an
 * {@link io.reasonrank.llm.LlmException}: the model did answer, and a reranker must not treat this
 * as a failed window and carry on, or the answer would be lost.
 */
public class CacheException extends RuntimeException {
  public CacheException(String message, Throwable cause) {
    super(message, cause);
  }
}
