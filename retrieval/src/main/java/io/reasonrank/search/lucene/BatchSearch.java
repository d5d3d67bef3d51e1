package io.reasonrank.search.lucene;

import io.reasonrank.model.Query;
import io.reasonrank.model.ScoredDoc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Many queries searched on a fixed pool of platform threads, for the searchers' {@code searchAll}. */
public final class BatchSearch {
  private BatchSearch() {}

  /**
   * Runs {@code search} for every query on {@code threads} threads named {@code threadPrefix + n}, reporting each
   * finished query to {@code progress}; the hits per query id in the order of {@code queries}. A query whose
   * search throws fails the batch with that exception (unwrapped) once the pool has closed; with
   * {@code cancelOnFailure} the other queries are cancelled first, those in flight interrupted, so the pool
   * closes without finishing them.
   *
   * @throws InterruptedException when the calling thread is interrupted while waiting
   */
  public static Map<String, List<ScoredDoc>> run(List<Query> queries, int threads, String threadPrefix, boolean cancelOnFailure,
      SearchProgress progress, Function<Query, List<ScoredDoc>> search) throws InterruptedException {
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    progress.started(queries.size());
    AtomicInteger done = new AtomicInteger();
    List<List<ScoredDoc>> results = new ArrayList<>(queries.size());
    try (ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name(threadPrefix, 0).factory())) {
      List<Future<List<ScoredDoc>>> futures = new ArrayList<>(queries.size());
      for (Query q : queries) {
        futures.add(pool.submit(() -> {
          List<ScoredDoc> hits = search.apply(q);
          progress.advanced(done.incrementAndGet());
          return hits;
        }));
      }
      try {
        for (Future<List<ScoredDoc>> f : futures) results.add(f.get());
      } catch (ExecutionException e) {
        if (cancelOnFailure) futures.forEach(f -> f.cancel(true));
        if (e.getCause() instanceof RuntimeException re) throw re;
        throw new IllegalStateException(e.getCause());
      }
    }
    Map<String, List<ScoredDoc>> byQuery = new LinkedHashMap<>();
    for (int i = 0; i < queries.size(); i++) byQuery.put(queries.get(i).id(), results.get(i));
    return byQuery;
  }
}
