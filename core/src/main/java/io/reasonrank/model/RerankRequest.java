package io.reasonrank.model;

import java.util.List;
import java.util.Objects;

/** A query with its candidate list in first-stage order (rank_llm's {@code Request}). */
public record RerankRequest(Query query, List<Candidate> candidates) {
  public RerankRequest {
    Objects.requireNonNull(query, "query");
    candidates = List.copyOf(candidates);
  }
}
