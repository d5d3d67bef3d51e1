package io.reasonrank.search.lucene;

import io.reasonrank.index.AnseriniEnglishAnalyzer;
import io.reasonrank.index.IndexFields;
import io.reasonrank.index.LuceneDocumentStore;
import io.reasonrank.model.Query;
import io.reasonrank.model.ScoredDoc;
import io.reasonrank.search.Retriever;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.util.BytesRef;

/**
 * BM25 first-stage retrieval over an index built by {@link io.reasonrank.index.IndexBuilder}, matching
 * Anserini's {@code SearchCollection -bm25} (the BEIR "flat" and BRIGHT BM25 baselines):
 *
 * <ul>
 *   <li>Lucene's {@link BM25Similarity}{@code (k1, b)} with {@code discountOverlaps = true}: per query term
 *       {@code boost · idf · tf / (tf + k1 · (1 − b + b · dl / avgdl))} with {@code idf = ln(1 + (N − n +
 *       0.5) / (n + 0.5))}, {@code N} the documents with contents, {@code avgdl} the mean token count and
 *       {@code dl} the norm-decoded (lossy {@code SmallFloat}) length;
 *   <li>the query is Anserini's {@code BagOfWordsQueryGenerator}: the analyzed terms as SHOULD
 *       {@link TermQuery}s. Anserini adds a clause per occurrence and Lucene's {@code BooleanQuery} rewrite
 *       merges duplicate SHOULD clauses into one with boost = count; this class builds that merged form
 *       directly, one {@link BoostQuery} per distinct term, so a term repeated {@code c} times scores
 *       {@code c ×}. Long queries (BRIGHT) may have more distinct terms than Lucene's default clause
 *       limit (1024); the limit, a JVM-wide setting, is raised as needed;
 *   <li>hits sorted by score, then docid ascending ({@code BREAK_SCORE_TIES_BY_DOCID}; Anserini names
 *       {@code STRING_VAL}, which Lucene 10 reads from binary doc values only, so the sorted doc values
 *       are compared by ord with {@code STRING}: the same UTF-8 byte order), then
 *       optionally {@link AnseriniScoreTies} ({@link Bm25Params#anseriniScores()}).
 * </ul>
 *
 * <p>Excluded ids (BRIGHT's {@code excluded_ids}, docs/reference-behaviour.md §5.3) are dropped after over-fetching
 * {@code k + |excluded|} hits, so a query still gets {@code k} hits when the index has them.
 * Thread-safe: one instance serves concurrent searches.
 */
public final class Bm25Searcher implements Retriever {
  private static final Sort SCORE_THEN_DOCID =
      new Sort(SortField.FIELD_SCORE, new SortField(IndexFields.ID, SortField.Type.STRING));

  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final AnseriniEnglishAnalyzer analyzer = new AnseriniEnglishAnalyzer();
  private final Bm25Params params;

  private Bm25Searcher(DirectoryReader reader, Bm25Params params) {
    this.reader = reader;
    this.params = params;
    this.searcher = new IndexSearcher(reader);
    this.searcher.setSimilarity(new BM25Similarity(params.k1(), params.b(), true));
    this.searcher.setQueryCache(null); // each query runs once; caching only costs memory
  }

  /** Opens the index at {@code indexDir}; a missing directory or non-index is an {@code InputException}. */
  public static Bm25Searcher open(Path indexDir, Bm25Params params) {
    return new Bm25Searcher(LuceneDocumentStore.openIndex(indexDir), params);
  }

  public Bm25Params params() {
    return params;
  }

  /** The underlying reader, e.g. to share with a {@link LuceneDocumentStore#over} lookup. */
  public DirectoryReader reader() {
    return reader;
  }

  @Override
  public List<ScoredDoc> search(Query query, int k) {
    return search(query, k, Set.of());
  }

  /** The top {@code k} hits without any docid in {@code excluded}; fewer only if fewer documents match. */
  public List<ScoredDoc> search(Query query, int k, Set<String> excluded) {
    if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
    BooleanQuery q = bagOfWords(query.text());
    if (q.clauses().isEmpty()) return List.of();
    int fetch = (int) Math.min((long) k + excluded.size(), Math.max(1, reader.maxDoc()));
    try {
      TopFieldDocs top = searcher.search(q, fetch, SCORE_THEN_DOCID, true);
      ScoreDoc[] hits = top.scoreDocs;
      float[] scores = new float[hits.length];
      for (int i = 0; i < hits.length; i++) scores[i] = hits[i].score;
      // the docid is the tie-break sort value: no stored-field decompression per hit
      return SearchHits.topK(scores, i -> ((BytesRef) ((FieldDoc) hits[i]).fields[1]).utf8ToString(), k, excluded, params);
    } catch (IOException e) {
      throw new UncheckedIOException("search failed for query " + query.id() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Searches every query on {@code threads} threads and returns the hits per query id in the order of
   * {@code queries}. {@code excluded} gives each query id's excluded docids (empty set for none).
   */
  public Map<String, List<ScoredDoc>> searchAll(List<Query> queries, int k, Function<String, Set<String>> excluded,
      int threads, SearchProgress progress) {
    try {
      return BatchSearch.run(queries, threads, "reasonrank-bm25-", false, progress, q -> search(q, k, excluded.apply(q.id())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while searching", e);
    }
  }

  /** Anserini's bag-of-words query with duplicate terms merged into boosts (see the class comment). */
  BooleanQuery bagOfWords(String text) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String t : analyzer.terms(text)) counts.merge(t, 1, Integer::sum);
    ensureClauseLimit(counts.size());
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    counts.forEach((term, c) -> {
      org.apache.lucene.search.Query tq = new TermQuery(new Term(IndexFields.CONTENTS, term));
      b.add(c == 1 ? tq : new BoostQuery(tq, c), BooleanClause.Occur.SHOULD);
    });
    return b.build();
  }

  /** Lucene's clause limit is a static of {@link IndexSearcher}: raise it (never lower it) for long queries. */
  private static synchronized void ensureClauseLimit(int clauses) {
    if (clauses > IndexSearcher.getMaxClauseCount()) IndexSearcher.setMaxClauseCount(clauses);
  }

  /** Analyzed terms of {@code text}, for diagnostics and tests. */
  public List<String> analyze(String text) {
    return analyzer.terms(text);
  }

  @Override
  public void close() {
    try {
      analyzer.close();
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "Bm25Searcher[k1=" + params.k1() + ", b=" + params.b() + ", docs=" + reader.numDocs()
        + (params.anseriniScores() ? ", anserini scores]" : ", raw scores]");
  }
}
