/**
 * BM25 first-stage retrieval matching Anserini's {@code SearchCollection -bm25}: {@link io.reasonrank.search.lucene.Bm25Searcher}
 * (k1 0.9, b 0.4 by default, {@link io.reasonrank.search.lucene.Bm25Params}; ties by docid; BRIGHT excluded ids dropped after
 * over-fetching, docs/reference-behaviour.md §5.3) and Anserini's score-tie adjustment
 * ({@link io.reasonrank.search.lucene.AnseriniScoreTies}); the pieces the OpenSearch searcher shares with it, the hit list
 * ({@link io.reasonrank.search.lucene.SearchHits}) and the threaded batch ({@link io.reasonrank.search.lucene.BatchSearch}).
 */
package io.reasonrank.search.lucene;
