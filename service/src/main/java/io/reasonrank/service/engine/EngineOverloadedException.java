package io.reasonrank.service.engine;

import java.time.Duration;

/** The engine's queue is full; the caller should retry after {@link #retryAfter()}. */
public final class EngineOverloadedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Duration retryAfter;

  public EngineOverloadedException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
