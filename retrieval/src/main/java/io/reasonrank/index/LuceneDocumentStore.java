package io.reasonrank.index;

import io.reasonrank.format.InputException;
import io.reasonrank.model.Document;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

/**
 * Passage lookup by docid from an index built by {@link IndexBuilder}, which stores each document's raw
 * title and text: the rerank command can fetch its candidates' text from the index instead of loading
 * a whole JSONL corpus into memory. Thread-safe.
 */
public final class LuceneDocumentStore implements AutoCloseable {
  private static final Set<String> FIELDS = Set.of(IndexFields.ID, IndexFields.TITLE, IndexFields.TEXT);

  private final IndexReader reader;
  private final boolean ownsReader;
  private final IndexSearcher searcher;

  private LuceneDocumentStore(IndexReader reader, boolean ownsReader) {
    this.reader = reader;
    this.ownsReader = ownsReader;
    this.searcher = new IndexSearcher(reader);
    this.searcher.setQueryCache(null);
  }

  /** Opens the index at {@code indexDir}; a missing or non-index directory is an {@link InputException}. */
  public static LuceneDocumentStore open(Path indexDir) {
    return new LuceneDocumentStore(openIndex(indexDir), true);
  }

  /** A store over an already open reader, which the caller keeps ownership of. */
  public static LuceneDocumentStore over(IndexReader reader) {
    return new LuceneDocumentStore(reader, false);
  }

  /** The document with this docid, or empty when the index has none. */
  public Optional<Document> get(String docid) {
    try {
      TopDocs hits = searcher.search(new TermQuery(new Term(IndexFields.ID, docid)), 1);
      if (hits.scoreDocs.length == 0) return Optional.empty();
      var stored = searcher.storedFields().document(hits.scoreDocs[0].doc, FIELDS);
      return Optional.of(new Document(docid, stored.get(IndexFields.TITLE), stored.get(IndexFields.TEXT)));
    } catch (IOException e) {
      throw new UncheckedIOException("document lookup failed for " + docid + ": " + e.getMessage(), e);
    }
  }

  /** Number of stored documents. */
  public int size() {
    return reader.numDocs();
  }

  @Override
  public void close() {
    if (!ownsReader) return;
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Opens a reader over an index directory with one-line errors for a missing directory or one that
   * holds no index (the searcher uses it too, so both report the same way).
   */
  public static DirectoryReader openIndex(Path indexDir) {
    if (!Files.isDirectory(indexDir)) throw InputException.at(indexDir, "no such index directory");
    try {
      var dir = FSDirectory.open(indexDir);
      if (!DirectoryReader.indexExists(dir)) {
        dir.close();
        throw InputException.at(indexDir, "not a Lucene index (build one with 'reasonrank index')");
      }
      return DirectoryReader.open(dir);
    } catch (IOException e) {
      throw InputException.at(indexDir, "cannot open index: " + e.getMessage());
    }
  }
}
