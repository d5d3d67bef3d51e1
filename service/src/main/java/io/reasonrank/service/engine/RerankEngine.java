package io.reasonrank.service.engine;

/**
 * Reranks one query's documents. Implementations are safe to call from many threads at once; each call
 * answers by its request's deadline, with the input order for whatever was not reranked by then
 * ({@link EngineResult#deadlineExceeded()}), and never throws for a failing model (the affected windows
 * keep their order and are named in {@link EngineResult#warnings()}).
 */
public interface RerankEngine extends AutoCloseable {

  /**
   * Reranks {@code request}'s documents.
   *
   * @throws EngineOverloadedException when the engine's queue is full; nothing was started
   */
  EngineResult rerank(EngineRequest request);

  /** The model name the backend reports (what the responses' {@code model} field says). */
  String model();

  /** Whether the backend answers and the largest prompt the settings can build fits its context. */
  Readiness readiness();

  /** Requests waiting for a place, and requests being reranked now. */
  QueueState queueState();

  @Override
  default void close() {}

  /** The outcome of a readiness check: {@code ready}, and why not (or what was checked). */
  record Readiness(boolean ready, String detail) {}

  /** How busy the engine is. */
  record QueueState(int waiting, int running, int maxRunning, int maxWaiting) {}
}
