package io.reasonrank.rerank;

import io.reasonrank.model.Candidate;
import io.reasonrank.model.RerankRequest;
import java.util.List;

/**
 * Reorders one query's candidates. Strategies: sliding window (the reference), a single full-list
 * window, top-down partitioning, and the pointwise baseline. A reranker is safe to call from many
 * threads, one query per call.
 *
 * <p><b>Which thread calls the model.</b> The listwise strategies make each query's LLM calls one after
 * another on the thread that called {@link #rerank}; {@link #callsOnCallingThread()} is then true, which
 * is what a lock-step batcher that charges calls to the calling thread needs
 * ({@code schedule.LockstepBackend}). A reranker that fans one query's calls out to threads of its own
 * (the pointwise baseline) returns false, and such a schedule refuses it before any call.
 */
public interface Reranker {
  RerankResult rerank(RerankRequest request);

  /** Whether every LLM call of {@link #rerank} is made, in order, on the thread that called it. */
  default boolean callsOnCallingThread() {
    return true;
  }

  /**
   * The calls {@link #rerank} makes for a query with these candidates (in first-stage order), planned without calling
   * the model: exact for strategies whose call pattern does not depend on the answers, an upper bound otherwise (see
   * {@link CallPlan}). Each strategy plans its own calls, so a cost model asking here cannot drift from the algorithm.
   *
   * @throws UnsupportedOperationException if this reranker cannot plan its calls (the default)
   */
  default CallPlan callPlan(List<Candidate> candidates) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not plan its calls");
  }
}
