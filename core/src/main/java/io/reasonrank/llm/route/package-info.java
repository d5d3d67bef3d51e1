/**
 * Many inference servers behind one {@link io.reasonrank.llm.LlmBackend}: {@link io.reasonrank.llm.route.ServerPool}
 * sends each call to the server with the fewest calls in flight, within each server's own concurrency limit, takes a
 * server that fails out of rotation with exponential backoff ({@link io.reasonrank.llm.route.ServerHealth}), probes it
 * back in, and retries the calls that were lost on it on the others. {@link io.reasonrank.llm.route.ServerFailures}
 * decides which failures are the server's (fail over) and which are the request's (do not). See
 * {@code docs/scale-out.md}.
 */
package io.reasonrank.llm.route;
