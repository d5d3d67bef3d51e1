package io.reasonrank.model;

import java.util.Objects;

/** One first-stage hit handed to a reranker: the document and its first-stage score. */
public record Candidate(Document doc, double score) {
  public Candidate {
    Objects.requireNonNull(doc, "doc");
  }

  public String docid() {
    return doc.id();
  }

  public Candidate withScore(double newScore) {
    return new Candidate(doc, newScore);
  }
}
