package io.reasonrank.llm;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A backend that forwards every call to another one (in the manner of Guava's {@code Forwarding*} classes), the base
 * of decorators such as the completion cache or the lock-step batcher: a decorator overrides what it changes,
 * usually {@link #complete}, and inherits the rest, so the model name (part of every cache key), the capacity that
 * schedulers size their concurrency by, the context length and {@link #close()} stay the decorated backend's.
 */
public abstract class ForwardingLlmBackend implements LlmBackend {
  private final LlmBackend delegate;

  protected ForwardingLlmBackend(LlmBackend delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The decorated backend. */
  protected LlmBackend delegate() {
    return delegate;
  }

  @Override
  public Completion complete(LlmRequest request) {
    return delegate.complete(request);
  }

  @Override
  public String model() {
    return delegate.model();
  }

  @Override
  public int capacity() {
    return delegate.capacity();
  }

  @Override
  public OptionalInt contextLength() {
    return delegate.contextLength();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
