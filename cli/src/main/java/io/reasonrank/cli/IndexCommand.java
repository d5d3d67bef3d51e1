package io.reasonrank.cli;

import io.reasonrank.index.IndexBuilder;
import io.reasonrank.index.IndexStats;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reasonrank index}: builds the embedded Lucene BM25 index ({@link IndexBuilder}, Anserini's
 * analysis and fields) from a JSONL corpus, with a progress bar and a closing summary on stderr; with
 * {@code --engine opensearch|elasticsearch}, bulk-loads the corpus into a cluster index that scores the same
 * ({@link ClusterCommands#index}).
 */
@Command(name = "index", mixinStandardHelpOptions = true,
    description = "Build a BM25 (Lucene, Anserini-compatible) index from a JSONL corpus "
        + "(BEIR _id/title/text or Pyserini id/contents, .gz allowed). Raw title and text are stored.")
final class IndexCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "JSONL corpus (.jsonl or .jsonl.gz).")
  Path corpus;

  @Option(names = "--index", paramLabel = "DIR", description = "Index directory (replaced if it holds an index); --engine lucene only.")
  Path index;

  @Mixin EngineOptions engine;

  @Option(names = "--replace", description = "Cluster: delete an existing index of that name first (default: refuse).")
  boolean replace;

  @Option(names = "--shards", paramLabel = "N", description = "Cluster: primary shards (default: ${DEFAULT-VALUE}).")
  int shards = 1;

  @Option(names = "--batch-size", paramLabel = "DOCS", description = "Cluster: documents per _bulk request (default: ${DEFAULT-VALUE}).")
  int batchSize = 1000;

  @Option(names = "--threads", paramLabel = "N", description = "Indexing threads (default: available processors).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Override
  public Integer call() {
    OutputPaths.checkWritableDirectory("--index", index);
    if (threads < 1) throw new UserException("--threads must be >= 1, got " + threads);
    if (engine.validate(index != null)) return ClusterCommands.index(spec, engine, corpus, replace, shards, batchSize, threads);
    IndexBuilder.Result r;
    try (ConsoleProgress progress = new ConsoleProgress("index", "docs")) {
      r = new IndexBuilder(threads).build(corpus, index, progress);
    }
    IndexStats s = r.stats();
    double secs = r.elapsed().toNanos() / 1e9;
    spec.commandLine().getErr().printf(Locale.ROOT,
        "indexed %d docs (%d with text), %d terms (%d unique) in %.1f s (%.0f docs/s) -> %s%n",
        s.documents(), s.nonEmptyDocuments(), s.totalTerms(), s.uniqueTerms(), secs, s.documents() / secs, index);
    spec.commandLine().getErr().flush();
    return 0;
  }
}
