package io.reasonrank.service.engine;

import io.reasonrank.rerank.WindowTrace;
import java.util.List;

/**
 * What a request got: {@code order} lists every input index exactly once, best first; the first
 * {@code reranked} entries are the reranked top of the list (the strategy's top-k), the rest keep their input
 * order beneath. {@code windows} is the trace of every LLM call in the order they were made (whose
 * {@code docidsBefore} are the documents' ids). {@code warnings} names each fallback with its cause;
 * {@code deadlineExceeded} says the deadline cut the reranking short; {@code failedWindows} counts windows that
 * kept their order because their call failed (deadline or model error).
 */
public record EngineResult(
    List<Integer> order,
    int reranked,
    List<WindowTrace> windows,
    List<String> warnings,
    boolean deadlineExceeded,
    int failedWindows,
    long promptTokens,
    long completionTokens,
    long millis) {

  public EngineResult {
    order = List.copyOf(order);
    windows = List.copyOf(windows);
    warnings = List.copyOf(warnings);
    boolean[] seen = new boolean[order.size()];
    for (int i : order) {
      if (i < 0 || i >= seen.length || seen[i]) throw new IllegalArgumentException("order must be a permutation of 0.." + (seen.length - 1));
      seen[i] = true;
    }
    if (reranked < 0 || reranked > order.size()) throw new IllegalArgumentException("reranked must be in [0, " + order.size() + "], got " + reranked);
  }

  /** Whether any fallback was taken (deadline, failed window or failed reranking). */
  public boolean degraded() {
    return !warnings.isEmpty();
  }
}
