package io.reasonrank.index;

import io.reasonrank.format.InputException;
import io.reasonrank.format.TextFiles;
import io.reasonrank.io.JsonlCorpus;
import io.reasonrank.model.Document;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Builds an embedded Lucene BM25 index from a JSONL corpus ({@link JsonlCorpus}: BEIR {@code _id,
 * title, text} or Pyserini {@code id, contents}) the way Anserini's {@code IndexCollection} with
 * {@code BeirFlatCollection} / {@code JsonCollection} and {@code DefaultLuceneDocumentGenerator} does:
 *
 * <ul>
 *   <li>{@code id}: a stored keyword plus {@link SortedDocValuesField}, which the searcher needs to break
 *       score ties by docid ({@code SearchCollection.BREAK_SCORE_TIES_BY_DOCID});
 *   <li>{@code contents} = {@code title + "\n" + text}, analyzed with {@link AnseriniEnglishAnalyzer},
 *       frequencies indexed and norms kept (BM25's document length); positions and term vectors are not
 *       needed for BM25 and are left out;
 *   <li>documents whose contents are blank after {@link String#trim()} get no {@code contents} (Anserini
 *       skips them with {@code EmptyDocumentException}); they are still stored so they can be fetched.
 * </ul>
 *
 * <p>Norms are written by {@link BM25Similarity}'s {@code computeNorm} with {@code discountOverlaps =
 * true} (Anserini's and Lucene's default): the length is the token count after stop-word removal,
 * encoded lossily with {@code SmallFloat.intToByte4}. One thread parses the JSONL and {@code threads}
 * workers analyze and add documents ({@link IndexWriter} is thread-safe); the index is merged into one
 * segment so searching is fast and its statistics are simple to report.
 */
public final class IndexBuilder {
  private static final Document POISON = Document.of("\u0000poison", "");

  private final int threads;

  public IndexBuilder(int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    this.threads = threads;
  }

  /** The result of a build: index statistics and the wall time. */
  public record Result(IndexStats stats, Duration elapsed) {}

  /**
   * Indexes {@code corpus} into {@code indexDir} (replacing any index there). A malformed corpus line
   * throws {@link InputException} naming {@code file:line}; the directory is then left without a new
   * commit.
   */
  public Result build(Path corpus, Path indexDir, IndexProgress progress) {
    long start = System.nanoTime();
    long expected = countLines(corpus);
    if (expected == 0) throw InputException.at(corpus, "no documents");
    progress.started(expected);
    try {
      Files.createDirectories(indexDir);
    } catch (IOException e) {
      throw InputException.at(indexDir, "cannot create index directory: " + e.getMessage());
    }
    try (Directory dir = FSDirectory.open(indexDir);
        AnseriniEnglishAnalyzer analyzer = new AnseriniEnglishAnalyzer()) {
      IndexWriterConfig config = new IndexWriterConfig(analyzer)
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
          .setSimilarity(new BM25Similarity())
          .setRAMBufferSizeMB(256);
      IndexWriter writer = new IndexWriter(dir, config);
      try {
        feed(corpus, writer, progress);
        progress.finished();
        writer.forceMerge(1);
        writer.commit();
      } catch (RuntimeException | IOException e) {
        writer.rollback();
        throw e;
      }
      writer.close();
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        return new Result(IndexStats.of(reader), Duration.ofNanos(System.nanoTime() - start));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(indexDir + ": " + e.getMessage(), e);
    }
  }

  private void feed(Path corpus, IndexWriter writer, IndexProgress progress) throws IOException {
    BlockingQueue<Document> queue = new ArrayBlockingQueue<>(1024 * threads);
    AtomicLong done = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t = Thread.ofPlatform().name("reasonrank-index-" + i).start(() -> {
        try {
          for (Document d = queue.take(); d != POISON; d = queue.take()) {
            if (failure.get() != null) continue; // drain so the parser never blocks forever
            writer.addDocument(toLucene(d));
            long n = done.incrementAndGet();
            if ((n & 255) == 0) progress.advanced(n);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
          queue.clear();
        }
      });
      workers.add(t);
    }
    try {
      JsonlCorpus.forEach(corpus, d -> {
        if (failure.get() != null) throw new WorkerFailed();
        put(queue, d);
      });
    } catch (WorkerFailed e) {
      // the worker's own exception is rethrown below
    } finally {
      for (int i = 0; i < threads; i++) put(queue, POISON);
      for (Thread t : workers) join(t);
    }
    Throwable f = failure.get();
    if (f instanceof IOException io) throw io;
    if (f instanceof RuntimeException re) throw re;
    if (f != null) throw new IllegalStateException("indexing failed", f);
    progress.advanced(done.get());
  }

  /** Stops the JSONL parser once a worker has failed. */
  private static final class WorkerFailed extends RuntimeException {
    WorkerFailed() {
      super(null, null, false, false);
    }
  }

  private static final FieldType CONTENTS_TYPE = contentsType();

  private static FieldType contentsType() {
    FieldType t = new FieldType();
    t.setTokenized(true);
    t.setStored(false);
    t.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
    t.freeze();
    return t;
  }

  static org.apache.lucene.document.Document toLucene(Document d) {
    var doc = new org.apache.lucene.document.Document();
    doc.add(new StringField(IndexFields.ID, d.id(), Field.Store.YES));
    doc.add(new SortedDocValuesField(IndexFields.ID, new BytesRef(d.id())));
    doc.add(new StoredField(IndexFields.TITLE, d.title()));
    doc.add(new StoredField(IndexFields.TEXT, d.text()));
    String contents = d.title().isEmpty() ? d.text() : d.title() + "\n" + d.text();
    if (!contents.trim().isEmpty()) doc.add(new Field(IndexFields.CONTENTS, contents, CONTENTS_TYPE));
    return doc;
  }

  /** Non-blank lines of the (possibly gzipped) corpus: the expected document count for the ETA. */
  public static long countLines(Path file) {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = TextFiles.isGzip(file)
            ? new GZIPInputStream(raw, 1 << 16) : new BufferedInputStream(raw, 1 << 16)) {
      byte[] buf = new byte[1 << 16];
      long lines = 0;
      boolean blank = true;
      for (int n; (n = in.read(buf)) > 0; ) {
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (b == '\n') {
            if (!blank) lines++;
            blank = true;
          } else if (b != ' ' && b != '\t' && b != '\r') {
            blank = false;
          }
        }
      }
      return blank ? lines : lines + 1;
    } catch (NoSuchFileException e) {
      throw InputException.at(file, "no such file");
    } catch (IOException e) {
      throw InputException.at(file, "cannot read: " + e.getMessage());
    }
  }

  private static void put(BlockingQueue<Document> q, Document d) {
    try {
      q.put(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while indexing", e);
    }
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while indexing", e);
    }
  }
}
