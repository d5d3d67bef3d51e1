package io.reasonrank.model;

import java.util.Objects;

/** A search query (a TREC topic): its id and the text the ranker sees. */
public record Query(String id, String text) {
  public Query {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
  }
}
