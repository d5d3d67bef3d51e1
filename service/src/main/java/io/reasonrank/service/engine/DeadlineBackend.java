package io.reasonrank.service.engine;

import io.reasonrank.llm.Completion;
import io.reasonrank.llm.ForwardingLlmBackend;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.LlmRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds every model call by the deadline of the request it serves. The rerankers make their calls on the
 * thread that reranks the query (or threads it starts), so the deadline travels as an inheritable thread-local
 * set by {@link #withDeadline}. A call made after the deadline fails at once; a call still running at the
 * deadline is abandoned (its thread interrupted, which cancels an HTTP exchange) and fails. Both fail with a
 * non-retryable {@link LlmException}, which the rerankers turn into a window kept in its order; the rest of
 * the query's windows then fail at once, so the request answers with what was done plus the input order.
 * A call with no deadline in scope goes straight through.
 */
final class DeadlineBackend extends ForwardingLlmBackend {
  /** Message prefix of the exceptions this backend throws; the engine recognises deadline fallbacks by it. */
  static final String DEADLINE_MESSAGE = "deadline exceeded";

  private static final InheritableThreadLocal<Deadline> CURRENT = new InheritableThreadLocal<>();

  /** A request's deadline and whether some call of it ran into the deadline. */
  static final class Deadline {
    final Instant at;
    final AtomicBoolean hit = new AtomicBoolean();

    Deadline(Instant at) {
      this.at = at;
    }
  }

  DeadlineBackend(LlmBackend delegate) {
    super(delegate);
  }

  /** Runs {@code body} with {@code deadline} bounding the model calls it makes. */
  static <T> T withDeadline(Deadline deadline, java.util.function.Supplier<T> body) {
    Deadline previous = CURRENT.get();
    CURRENT.set(deadline);
    try {
      return body.get();
    } finally {
      if (previous == null) CURRENT.remove();
      else CURRENT.set(previous);
    }
  }

  @Override
  public Completion complete(LlmRequest request) {
    Deadline d = CURRENT.get();
    if (d == null) return delegate().complete(request);
    Duration left = Duration.between(Instant.now(), d.at);
    if (left.isNegative() || left.isZero()) {
      d.hit.set(true);
      throw new LlmException(DEADLINE_MESSAGE + " before the call was made", false);
    }
    FutureTask<Completion> call = new FutureTask<>(() -> delegate().complete(request));
    Thread.ofVirtual().name("reasonrank-llm-call").start(call);
    try {
      return call.get(left.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      d.hit.set(true);
      throw new LlmException(DEADLINE_MESSAGE + " while waiting for the model (" + left.toMillis() + " ms left at the call)", false);
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new LlmException("interrupted while waiting for the model", false);
    } catch (CancellationException e) {
      throw new LlmException("model call cancelled", false);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      throw new LlmException(String.valueOf(cause), false, cause);
    }
  }
}
