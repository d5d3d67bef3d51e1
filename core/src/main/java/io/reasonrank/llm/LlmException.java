package io.reasonrank.llm;

/** A generation that failed after the backend's own retries. {@code retryable} says whether a later try may work. */
public class LlmException extends RuntimeException {
  private final boolean retryable;

  public LlmException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public LlmException(String message, boolean retryable) {
    this(message, retryable, null);
  }

  public boolean retryable() {
    return retryable;
  }
}
