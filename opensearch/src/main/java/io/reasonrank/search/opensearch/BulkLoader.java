package io.reasonrank.search.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.format.InputException;
import io.reasonrank.index.IndexBuilder;
import io.reasonrank.index.IndexFields;
import io.reasonrank.index.IndexProgress;
import io.reasonrank.io.JsonlCorpus;
import io.reasonrank.model.Document;
import io.reasonrank.search.lucene.Bm25Params;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads a JSONL corpus ({@link JsonlCorpus}) into a new engine index with {@link AnseriniIndexSettings}:
 * documents in {@code _bulk} batches of {@code batchDocs}, {@code concurrency} batches in flight. A batch
 * answered 429/5xx is retried whole by {@link RestTransport}; documents that a 200 answer rejects with 429
 * or 5xx (a full write queue on one shard) are resent alone, with the same backoff; any other rejection
 * stops the load with the docid and the engine's reason. Afterwards refresh is switched back on and the
 * index's document count must equal the corpus's, so a load either is complete or fails.
 */
public final class BulkLoader {
  private final RestTransport rest;
  private final int batchDocs;
  private final int concurrency;

  public BulkLoader(RestTransport rest, int batchDocs, int concurrency) {
    if (batchDocs < 1) throw new IllegalArgumentException("batchDocs must be >= 1, got " + batchDocs);
    if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
    this.rest = rest;
    this.batchDocs = batchDocs;
    this.concurrency = concurrency;
  }

  /** What a load did: documents sent (and how many had contents), bulk requests, wall time. */
  public record Result(long documents, long withContents, long requests, long retriedDocs, Duration elapsed) {}

  /**
   * Creates {@code index} (deleting an existing one first only with {@code replace}) and loads
   * {@code corpus} into it. An existing index without {@code replace} is an {@link EngineException}, before
   * anything is sent.
   */
  public Result load(Path corpus, String index, Bm25Params params, int shards, boolean replace, IndexProgress progress) {
    long start = System.nanoTime();
    long expected = IndexBuilder.countLines(corpus);
    if (expected == 0) throw InputException.at(corpus, "no documents");
    String path = RestTransport.segment(index);
    boolean exists = rest.send("HEAD", path, null, "application/json", true).status() != 404;
    if (exists && !replace) {
      throw new EngineException("index " + index + " already exists on " + rest.config().url() + " (give --replace to delete and rebuild it)");
    }
    if (exists) rest.send("DELETE", path, null);
    rest.send("PUT", path, AnseriniIndexSettings.createIndexBody(params, shards).toString());

    progress.started(expected);
    AtomicLong done = new AtomicLong(), requests = new AtomicLong(), retried = new AtomicLong(), withContents = new AtomicLong();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Semaphore inFlight = new Semaphore(concurrency);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, Thread.ofPlatform().name("reasonrank-bulk-", 0).daemon().factory());
    List<Document> batch = new ArrayList<>(batchDocs);
    try {
      JsonlCorpus.forEach(corpus, d -> {
        if (failure.get() != null) throw failure.get();
        batch.add(d);
        if (!contents(d).trim().isEmpty()) withContents.incrementAndGet();
        if (batch.size() == batchDocs) {
          submit(pool, inFlight, List.copyOf(batch), path, done, requests, retried, failure, progress);
          batch.clear();
        }
      });
      if (!batch.isEmpty()) submit(pool, inFlight, List.copyOf(batch), path, done, requests, retried, failure, progress);
    } finally {
      pool.shutdown();
      try {
        pool.awaitTermination(365, TimeUnit.DAYS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        pool.shutdownNow();
        throw new EngineException("interrupted while bulk loading " + index);
      }
    }
    if (failure.get() != null) throw failure.get();
    progress.advanced(done.get());
    progress.finished();
    ObjectNode on = RestTransport.JSON.createObjectNode();
    on.putObject("index").putNull("refresh_interval");
    rest.send("PUT", path + "/_settings", on.toString());
    rest.send("POST", path + "/_refresh", null);
    long count = rest.send("GET", path + "/_count", null).body().path("count").asLong(-1);
    if (count != done.get()) {
      throw new EngineException("index " + index + " on " + rest.config().url() + " holds " + count + " documents after loading "
          + done.get() + " (duplicate docids in " + corpus + "?)");
    }
    return new Result(done.get(), withContents.get(), requests.get(), retried.get(), Duration.ofNanos(System.nanoTime() - start));
  }

  private void submit(ExecutorService pool, Semaphore inFlight, List<Document> docs, String path, AtomicLong done,
      AtomicLong requests, AtomicLong retried, AtomicReference<RuntimeException> failure, IndexProgress progress) {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while bulk loading");
    }
    pool.execute(() -> {
      try {
        if (failure.get() == null) {
          sendBatch(docs, path, requests, retried);
          progress.advanced(done.addAndGet(docs.size()));
        }
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
      } finally {
        inFlight.release();
      }
    });
  }

  /** Sends one batch, resending the documents rejected with 429/5xx until none are or retries run out. */
  private void sendBatch(List<Document> docs, String path, AtomicLong requests, AtomicLong retried) {
    List<Document> pending = docs;
    Duration delay = rest.config().backoff();
    for (int attempt = 0; ; attempt++) {
      requests.incrementAndGet();
      JsonNode body = rest.send("POST", path + "/_bulk", ndjson(pending), "application/x-ndjson", false).body();
      if (!body.path("errors").asBoolean(false)) return;
      List<Document> again = new ArrayList<>();
      JsonNode items = body.path("items");
      for (int i = 0; i < items.size(); i++) {
        JsonNode item = items.get(i).path("index");
        int status = item.path("status").asInt(0);
        if (status / 100 == 2) continue;
        if ((status == 429 || status / 100 == 5) && attempt < rest.config().maxRetries()) {
          again.add(pending.get(i));
          continue;
        }
        JsonNode err = item.path("error");
        throw new EngineException("bulk load into " + rest.config().url() + path + ": document " + item.path("_id").asText(pending.get(i).id())
            + " rejected: " + err.path("type").asText("error") + ": " + err.path("reason").asText("") + " (HTTP " + status + ")", status);
      }
      if (again.isEmpty()) return;
      retried.addAndGet(again.size());
      pending = again;
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EngineException("interrupted while bulk loading");
      }
      delay = delay.multipliedBy(2);
    }
  }

  /** The {@code _bulk} body: an {@code index} action and the document, per line. */
  static String ndjson(List<Document> docs) {
    StringBuilder sb = new StringBuilder(docs.size() * 1024);
    try {
      for (Document d : docs) {
        ObjectNode action = RestTransport.JSON.createObjectNode();
        action.putObject("index").put("_id", d.id());
        sb.append(RestTransport.JSON.writeValueAsString(action)).append('\n');
        ObjectNode source = RestTransport.JSON.createObjectNode();
        source.put(IndexFields.ID, d.id());
        source.put(IndexFields.TITLE, d.title());
        source.put(IndexFields.TEXT, d.text());
        String contents = contents(d);
        // Anserini skips documents whose contents are blank; the embedded index stores them without contents
        if (!contents.trim().isEmpty()) source.put(IndexFields.CONTENTS, contents);
        sb.append(RestTransport.JSON.writeValueAsString(source)).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sb.toString();
  }

  /** {@code title + "\n" + text}, or the text alone when there is no title: the embedded index's contents. */
  static String contents(Document d) {
    return d.title().isEmpty() ? d.text() : d.title() + "\n" + d.text();
  }
}
