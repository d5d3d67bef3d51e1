package io.reasonrank.model;

import java.util.Objects;

/** One line of a TREC run for a query: a docid and its score. Rank is implied by list order. */
public record ScoredDoc(String docid, double score) {
  public ScoredDoc {
    Objects.requireNonNull(docid, "docid");
  }
}
