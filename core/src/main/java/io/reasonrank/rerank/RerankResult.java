package io.reasonrank.rerank;

import io.reasonrank.model.Candidate;
import java.util.List;

/**
 * A reranked list and its explanation: the trace of every LLM call in the order it was made.
 * {@code ranked} holds the new order; each candidate's score is what the output run prints
 * (positional first-stage scores in the reference's mode, docs/reference-behaviour.md §3 step 6).
 */
public record RerankResult(String qid, List<Candidate> ranked, List<WindowTrace> windows) {
  public RerankResult {
    ranked = List.copyOf(ranked);
    windows = List.copyOf(windows);
  }

  public long failedWindows() {
    return windows.stream().filter(WindowTrace::failed).count();
  }
}
