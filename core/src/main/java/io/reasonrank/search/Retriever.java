package io.reasonrank.search;

import io.reasonrank.model.Query;
import io.reasonrank.model.ScoredDoc;
import java.util.List;

/** A first-stage retriever: the top {@code k} documents for a query, best first. */
public interface Retriever extends AutoCloseable {
  List<ScoredDoc> search(Query query, int k);

  @Override
  default void close() {}
}
