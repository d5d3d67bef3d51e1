/**
 * First-stage BM25 on an OpenSearch or Elasticsearch cluster, spoken to over its REST API with
 * {@code java.net.http}: an index whose analysis chain and similarity equal the embedded Lucene index's
 * ({@link io.reasonrank.search.opensearch.AnseriniIndexSettings}), a batched and retried bulk loader
 * ({@link io.reasonrank.search.opensearch.BulkLoader}), the same bag-of-words BM25 query with the same tie
 * rules ({@link io.reasonrank.search.opensearch.EngineSearcher}, a {@link io.reasonrank.search.Retriever}),
 * and passage lookup from {@code _source} ({@link io.reasonrank.search.opensearch.EngineDocumentStore}).
 * See {@code docs/opensearch.md}.
 */
package io.reasonrank.search.opensearch;
