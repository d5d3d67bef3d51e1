package io.reasonrank.rerank;

import io.reasonrank.model.RerankRequest;

/**
 * Reorders one query's candidates. Strategies: sliding window (the reference), a single full-list
 * window, top-down partitioning, and the pointwise baseline. A reranker is safe to call from many
 * threads, one query per call; each query's LLM calls stay in order.
 */
public interface Reranker {
  RerankResult rerank(RerankRequest request);
}
