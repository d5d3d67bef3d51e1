package io.reasonrank.cli;

import io.reasonrank.index.IndexBuilder;
import io.reasonrank.index.IndexStats;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reasonrank index}: builds the embedded Lucene BM25 index ({@link IndexBuilder}, Anserini's
 * analysis and fields) from a JSONL corpus, with a progress bar and a closing summary on stderr.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
    description = "Build a BM25 (Lucene, Anserini-compatible) index from a JSONL corpus "
        + "(BEIR _id/title/text or Pyserini id/contents, .gz allowed). Raw title and text are stored.")
final class IndexCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "JSONL corpus (.jsonl or .jsonl.gz).")
  Path corpus;

  @Option(names = "--index", required = true, paramLabel = "DIR", description = "Index directory (replaced if it holds an index).")
  Path index;

  @Option(names = "--threads", paramLabel = "N", description = "Indexing threads (default: available processors).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Override
  public Integer call() {
    OutputPaths.checkWritableDirectory("--index", index);
    if (threads < 1) throw new UserException("--threads must be >= 1, got " + threads);
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
