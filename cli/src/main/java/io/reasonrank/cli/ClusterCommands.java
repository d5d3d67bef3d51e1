package io.reasonrank.cli;

import io.reasonrank.model.Query;
import io.reasonrank.model.ScoredDoc;
import io.reasonrank.search.lucene.Bm25Params;
import io.reasonrank.search.opensearch.BulkLoader;
import io.reasonrank.search.opensearch.EngineSearcher;
import io.reasonrank.search.opensearch.RestTransport;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/** The cluster halves of {@code index} and {@code search} ({@code --engine opensearch|elasticsearch}). */
final class ClusterCommands {
  private ClusterCommands() {}

  static int index(CommandSpec spec, EngineOptions engine, Path corpus, boolean replace, int shards, int batchSize, int threads) {
    if (shards < 1) throw new UserException("--shards must be >= 1, got " + shards);
    if (batchSize < 1) throw new UserException("--batch-size must be >= 1, got " + batchSize);
    CandidateInput.requireFile(corpus, "--corpus");
    BulkLoader.Result r;
    try (RestTransport rest = engine.connect(); ConsoleProgress progress = new ConsoleProgress("index", "docs")) {
      r = new BulkLoader(rest, batchSize, Math.max(1, Math.min(threads, 4)))
          .load(corpus, engine.indexName, Bm25Params.ANSERINI, shards, replace, progress);
    }
    double secs = r.elapsed().toNanos() / 1e9;
    spec.commandLine().getErr().printf(Locale.ROOT,
        "indexed %d docs (%d with text) in %d bulk requests (%d docs resent) in %.1f s (%.0f docs/s) -> %s %s index %s%n",
        r.documents(), r.withContents(), r.requests(), r.retriedDocs(), secs, r.documents() / secs, engine.engine, engine.url,
        engine.indexName);
    spec.commandLine().getErr().flush();
    return 0;
  }

  static Map<String, List<ScoredDoc>> search(EngineOptions engine, Bm25Params params, List<Query> queries, int hits,
      Function<String, Set<String>> drop, int threads) {
    try (RestTransport rest = engine.connect();
        EngineSearcher searcher = EngineSearcher.open(rest, engine.indexName, params);
        ConsoleProgress progress = new ConsoleProgress("search", "queries")) {
      return searcher.searchAll(queries, hits, drop, threads, progress);
    }
  }
}
