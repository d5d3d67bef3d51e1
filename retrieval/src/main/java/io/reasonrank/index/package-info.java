/**
 * Embedded Lucene BM25 indexes built the way Anserini's {@code IndexCollection} builds them: {@link io.reasonrank.index.IndexBuilder}
 * with Anserini's English analysis ({@link io.reasonrank.index.AnseriniEnglishAnalyzer}), the field names of
 * {@link io.reasonrank.index.IndexFields}, and {@link io.reasonrank.index.LuceneDocumentStore} to fetch candidate texts by docid.
 */
package io.reasonrank.index;
