package io.reasonrank.search.lucene;

import io.reasonrank.model.ScoredDoc;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The hit list both BM25 searchers return (the embedded {@link Bm25Searcher} and the engine one): the scores of
 * an over-fetched, best-first result adjusted as Anserini does ({@link AnseriniScoreTies}) unless raw scores are
 * asked for, then the first {@code k} hits whose docid is not excluded. The adjustment runs over every fetched
 * hit before any is dropped, as Anserini adjusts the full run.
 */
public final class SearchHits {
  private SearchHits() {}

  /**
   * The top {@code k} of {@code scores.length} fetched hits; {@code docid} gives hit {@code i}'s docid and is
   * called only for hits looked at, in order. {@code scores} is adjusted in place.
   */
  public static List<ScoredDoc> topK(float[] scores, IntFunction<String> docid, int k, Set<String> excluded, Bm25Params params) {
    if (params.anseriniScores()) AnseriniScoreTies.adjust(scores);
    List<ScoredDoc> out = new ArrayList<>(Math.min(k, scores.length));
    for (int i = 0; i < scores.length && out.size() < k; i++) {
      String id = docid.apply(i);
      if (!excluded.contains(id)) out.add(new ScoredDoc(id, scores[i]));
    }
    return out;
  }
}
