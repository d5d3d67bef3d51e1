package io.reasonrank.search.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.index.AnseriniEnglishAnalyzer;
import io.reasonrank.index.IndexFields;
import io.reasonrank.model.Query;
import io.reasonrank.model.ScoredDoc;
import io.reasonrank.search.Retriever;
import io.reasonrank.search.lucene.AnseriniScoreTies;
import io.reasonrank.search.lucene.BatchSearch;
import io.reasonrank.search.lucene.Bm25Params;
import io.reasonrank.search.lucene.SearchHits;
import io.reasonrank.search.lucene.SearchProgress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * BM25 on an engine index built by {@link BulkLoader}, returning what
 * {@link io.reasonrank.search.lucene.Bm25Searcher} returns on the embedded index:
 *
 * <ul>
 *   <li>the query text is analyzed here with {@link AnseriniEnglishAnalyzer} (the index's chain, token for
 *       token) and sent as Anserini's bag of words in the merged form the embedded searcher builds: a
 *       {@code bool} of SHOULD {@code term} queries on {@code contents}, one per distinct term, boost = its
 *       count. A {@code match} query would build one clause per occurrence and let Lucene's rewrite merge
 *       them, the same scores, but the engine checks its clause limit (1,024 by default) before merging, and
 *       long BRIGHT queries have more tokens than that. A query whose terms are all stop words matches
 *       nothing, as there;
 *   <li>{@code search_type=dfs_query_then_fetch}: document frequencies and collection statistics are the
 *       index's, not one shard's, so the index may have any number of shards;
 *   <li>sorted by {@code _score} descending then {@code id} ascending (keyword doc values: UTF-8 byte order,
 *       the embedded tie-break), the float scores read back exactly and then, unless raw scores are
 *       asked for, Anserini's 4-decimal tie adjustment ({@link AnseriniScoreTies}); the hits are only their
 *       sort values ({@code stored_fields: _none_}, {@code filter_path}), so the fetch phase loads nothing;
 *   <li>excluded ids are dropped after over-fetching {@code k + |excluded|} hits, so a query still gets
 *       {@code k} hits when the index has them.
 * </ul>
 *
 * <p>The similarity ({@code k1}, {@code b}) is the index's, fixed when it was created; {@code params} only
 * decides the score adjustment. Thread-safe.
 */
public final class EngineSearcher implements Retriever {
  private final RestTransport rest;
  private final String index;
  private final String searchPath;
  private final Bm25Params params;
  private final AnseriniEnglishAnalyzer analyzer = new AnseriniEnglishAnalyzer();

  private EngineSearcher(RestTransport rest, String index, Bm25Params params) {
    this.rest = rest;
    this.index = index;
    this.searchPath = RestTransport.segment(index) + "/_search?search_type=dfs_query_then_fetch&filter_path=hits.hits.sort,error";
    this.params = params;
  }

  /**
   * Opens {@code index}: it must exist and have a {@code contents} field analyzed with
   * {@link AnseriniIndexSettings#ANALYZER}, or this throws an {@link EngineException} naming what is wrong.
   */
  public static EngineSearcher open(RestTransport rest, String index, Bm25Params params) {
    String path = RestTransport.segment(index);
    JsonNode mapping = rest.send("GET", path + "/_mapping", null).body();
    JsonNode contents = mapping.path(index).path("mappings").path("properties").path(IndexFields.CONTENTS);
    if (contents.isMissingNode() && mapping.size() == 1) {
      contents = mapping.elements().next().path("mappings").path("properties").path(IndexFields.CONTENTS); // an alias
    }
    if (!AnseriniIndexSettings.ANALYZER.equals(contents.path("analyzer").asText())) {
      throw new EngineException("index " + index + " on " + rest.config().url() + " was not built by 'reasonrank index' "
          + "(no contents field with the " + AnseriniIndexSettings.ANALYZER + " analyzer)");
    }
    return new EngineSearcher(rest, index, params);
  }

  @Override
  public List<ScoredDoc> search(Query query, int k) {
    return search(query, k, Set.of());
  }

  /** The top {@code k} hits without any docid in {@code excluded}; fewer only if fewer documents match. */
  public List<ScoredDoc> search(Query query, int k, Set<String> excluded) {
    if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
    Map<String, Integer> terms = bagOfWords(query.text());
    if (terms.isEmpty()) return List.of();
    int fetch = (int) Math.min((long) k + excluded.size(), Integer.MAX_VALUE);
    JsonNode hits = rest.send("POST", searchPath, body(terms, fetch).toString()).body().path("hits").path("hits");
    float[] scores = new float[hits.size()];
    String[] ids = new String[hits.size()];
    for (int i = 0; i < hits.size(); i++) {
      JsonNode sort = hits.get(i).path("sort");
      // the engine prints the float score with Float.toString's shortest digits: parsing them as a float is exact
      scores[i] = Float.parseFloat(sort.path(0).asText());
      ids[i] = sort.path(1).asText();
    }
    return SearchHits.topK(scores, i -> ids[i], k, excluded, params);
  }

  /** The analyzed terms of {@code text} with their counts, in first-occurrence order. */
  Map<String, Integer> bagOfWords(String text) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String t : analyzer.terms(text)) counts.merge(t, 1, Integer::sum);
    return counts;
  }

  /** The request body for the top {@code size} hits of a bag of words. */
  static ObjectNode body(Map<String, Integer> terms, int size) {
    ObjectNode b = RestTransport.JSON.createObjectNode();
    b.put("size", size);
    ArrayNode should = b.putObject("query").putObject("bool").putArray("should");
    terms.forEach((term, count) -> {
      ObjectNode t = should.addObject().putObject("term").putObject(IndexFields.CONTENTS);
      t.put("value", term);
      if (count != 1) t.put("boost", count);
    });
    var sort = b.putArray("sort");
    sort.addObject().put("_score", "desc");
    sort.addObject().put(IndexFields.ID, "asc");
    // the sort values carry score and docid: no stored field (not even _id) is loaded per hit
    b.put("stored_fields", "_none_");
    b.put("track_total_hits", false);
    return b;
  }

  /**
   * Searches every query with {@code threads} requests in flight; the hits per query id in the order of
   * {@code queries}. {@code excluded} gives each query id's excluded docids.
   */
  public Map<String, List<ScoredDoc>> searchAll(List<Query> queries, int k, Function<String, Set<String>> excluded,
      int threads, SearchProgress progress) {
    try {
      // an HTTP request stops cleanly when its thread is interrupted: a failed batch cancels the rest
      return BatchSearch.run(queries, threads, "reasonrank-engine-search-", true, progress, q -> search(q, k, excluded.apply(q.id())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while searching " + index);
    }
  }

  @Override
  public void close() {
    analyzer.close();
  }

  @Override
  public String toString() {
    return "EngineSearcher[" + rest.config().url() + "/" + index + (params.anseriniScores() ? ", anserini scores]" : ", raw scores]");
  }
}
