package io.reasonrank.format;

import io.reasonrank.model.ScoredDoc;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A TREC run: per query, its hits in file order (the order rerankers take as first-stage order; the
 * rank column is ignored, as the reference and trec_eval do). Queries keep their first-seen order.
 */
public final class Run {
  private final Map<String, List<ScoredDoc>> byQuery;

  public Run(Map<String, List<ScoredDoc>> byQuery) {
    LinkedHashMap<String, List<ScoredDoc>> copy = new LinkedHashMap<>();
    byQuery.forEach((q, hits) -> copy.put(q, List.copyOf(hits)));
    this.byQuery = Collections.unmodifiableMap(copy);
  }

  public Set<String> queryIds() {
    return byQuery.keySet();
  }

  public List<ScoredDoc> hits(String qid) {
    return byQuery.getOrDefault(qid, List.of());
  }

  public Map<String, List<ScoredDoc>> asMap() {
    return byQuery;
  }

  public int size() {
    return byQuery.size();
  }

  public long lineCount() {
    return byQuery.values().stream().mapToLong(List::size).sum();
  }
}
