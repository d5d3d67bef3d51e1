package io.reasonrank.llm.route;

import io.reasonrank.llm.LlmException;

/**
 * Which failures are the server's and which the request's. A pool fails over only on the former: another replica of
 * the same model would reject a request that is too long for the context, unauthorised, or for a model that is not
 * served just the same, so retrying it elsewhere only multiplies the error and would take healthy servers out of
 * rotation one after another.
 *
 * <p>The backends of this project mark their final failures with {@link LlmException#retryable()}: connection
 * failures, timeouts, HTTP 429/408/5xx that stayed after the backend's own retries are retryable (a server problem);
 * 4xx answers and context-window refusals are not. That flag is the whole rule here, so a backend that classifies its
 * errors more finely (for example a 500 whose body says the prompt exceeds the KV cache) changes the pool's behaviour
 * by setting the flag, with no change to the pool. A call whose thread is interrupted is never a server failure.
 */
public final class ServerFailures {
  private ServerFailures() {}

  /** True when {@code failure} says the server, not the request, failed: the call may succeed on another server. */
  public static boolean isServerFailure(RuntimeException failure) {
    if (Thread.currentThread().isInterrupted()) return false;
    return failure instanceof LlmException e && e.retryable();
  }
}
