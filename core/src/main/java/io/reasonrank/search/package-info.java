/**
 * The first-stage seam: {@link io.reasonrank.search.Retriever} returns the top {@code k} documents for a query. The Lucene
 * BM25 implementation is in the {@code retrieval} module ({@code io.reasonrank.search.lucene}).
 */
package io.reasonrank.search;
