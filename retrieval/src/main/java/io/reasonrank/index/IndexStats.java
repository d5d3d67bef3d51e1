package io.reasonrank.index;

import java.io.IOException;
import org.apache.lucene.index.IndexReader;

/**
 * Size of a BM25 index, in Anserini's terms ({@code IndexReaderUtils.getIndexStats}): all documents,
 * those with indexed contents (Anserini skips the empty ones; this index keeps them stored, but they
 * carry no {@code contents} and so do not enter the BM25 statistics), the total number of
 * {@code contents} tokens (sum of term frequencies) and the number of distinct terms.
 */
public record IndexStats(long documents, long nonEmptyDocuments, long totalTerms, long uniqueTerms) {

  public static IndexStats of(IndexReader reader) throws IOException {
    long unique = 0;
    for (var leaf : reader.leaves()) {
      // per-segment counts overcount terms shared by segments; the builder merges to one segment
      var terms = leaf.reader().terms(IndexFields.CONTENTS);
      if (terms != null) unique += terms.size();
    }
    return new IndexStats(reader.numDocs(), reader.getDocCount(IndexFields.CONTENTS),
        reader.getSumTotalTermFreq(IndexFields.CONTENTS), unique);
  }
}
