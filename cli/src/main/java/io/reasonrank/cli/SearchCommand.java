package io.reasonrank.cli;

import io.reasonrank.format.InputException;
import io.reasonrank.format.TextFiles;
import io.reasonrank.format.TrecRuns;
import io.reasonrank.io.BrightTopics;
import io.reasonrank.io.Topics;
import io.reasonrank.model.Query;
import io.reasonrank.model.ScoredDoc;
import io.reasonrank.search.lucene.Bm25Params;
import io.reasonrank.search.lucene.Bm25Searcher;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reasonrank search}: BM25 over an index built by {@code reasonrank index}, written as a TREC run.
 * Excluded ids (docs/reference-behaviour.md §5.3) come from {@code --excluded}, or, when the topics are BRIGHT JSONL rows, from
 * their own {@code excluded_ids}; each query still gets {@code --hits} hits after dropping them. With
 * {@code --engine opensearch|elasticsearch} the same query runs on a cluster index ({@link ClusterCommands#search}).
 */
@Command(name = "search", mixinStandardHelpOptions = true,
    description = "BM25 retrieval (Anserini-compatible: k1=0.9, b=0.4, English analysis) writing a TREC run.")
final class SearchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--index", paramLabel = "DIR", description = "Index built by 'reasonrank index'; --engine lucene only.")
  Path index;

  @Mixin EngineOptions engine;

  @Option(names = "--topics", required = true, paramLabel = "FILE",
      description = "Topics: 'qid<TAB>query' lines or BRIGHT JSONL rows (.jsonl[.gz]).")
  Path topics;

  @Option(names = "--output", required = true, paramLabel = "RUN", description = "TREC run to write (.gz allowed).")
  Path output;

  @Option(names = "--hits", paramLabel = "N", description = "Hits per query. Default: ${DEFAULT-VALUE}.")
  int hits = 1000;

  @Option(names = "--k1", paramLabel = "K1", description = "BM25 k1. Default: ${DEFAULT-VALUE}.")
  float k1 = 0.9f;

  @Option(names = "--b", paramLabel = "B", description = "BM25 b. Default: ${DEFAULT-VALUE}.")
  float b = 0.4f;

  @Option(names = "--excluded", paramLabel = "FILE",
      description = "Docids to drop per query: BRIGHT *-original.jsonl[.gz] rows (excluded_ids) or 'qid docid' lines. "
          + "Default: the topics' own excluded_ids when they are BRIGHT JSONL.")
  Path excluded;

  @Option(names = "--remove-query", description = "Also drop a docid equal to the query id (Anserini -removeQuery).")
  boolean removeQuery;

  @Option(names = "--raw-scores",
      description = "Write Lucene's float scores instead of Anserini's 4-decimal tie-adjusted scores.")
  boolean rawScores;

  @Option(names = "--threads", paramLabel = "N", description = "Search threads (default: available processors).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--tag", paramLabel = "TAG", description = "Run tag. Default: ${DEFAULT-VALUE}.")
  String tag = "bm25";

  @Override
  public Integer call() {
    OutputPaths.checkWritableFile("--output", output);
    if (hits < 1) throw new UserException("--hits must be >= 1, got " + hits);
    if (threads < 1) throw new UserException("--threads must be >= 1, got " + threads);
    Bm25Params params;
    try {
      params = new Bm25Params(k1, b, !rawScores);
    } catch (IllegalArgumentException e) {
      throw new UserException("--k1/--b: " + e.getMessage());
    }
    boolean cluster = engine.validate(index != null);
    if (cluster && (k1 != 0.9f || b != 0.4f)) {
      throw new UserException("--k1/--b: a cluster index's BM25 parameters are fixed by 'reasonrank index' (k1=0.9, b=0.4)");
    }
    List<Query> queries = Topics.read(topics);
    Map<String, Set<String>> excludedIds = excluded != null ? readExcluded(excluded)
        : Topics.isJsonl(topics) ? BrightTopics.excludedIds(topics) : Map.of();
    Function<String, Set<String>> drop = qid -> {
      Set<String> ex = excludedIds.getOrDefault(qid, Set.of());
      if (!removeQuery) return ex;
      Set<String> withQuery = new HashSet<>(ex);
      withQuery.add(qid);
      return withQuery;
    };
    long start = System.nanoTime();
    Map<String, List<ScoredDoc>> run;
    if (cluster) {
      run = ClusterCommands.search(engine, params, queries, hits, drop, threads);
    } else {
      try (Bm25Searcher searcher = Bm25Searcher.open(index, params);
          ConsoleProgress progress = new ConsoleProgress("search", "queries")) {
        run = searcher.searchAll(queries, hits, drop, threads, progress);
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    TrecRuns.write(output, run, tag);
    long lines = run.values().stream().mapToLong(List::size).sum();
    long dropped = queries.stream().filter(q -> !excludedIds.getOrDefault(q.id(), Set.of()).isEmpty()).count();
    spec.commandLine().getErr().printf(Locale.ROOT,
        "searched %d queries (%d with excluded ids), %d hits in %.1f s (%.1f q/s), bm25 k1=%s b=%s%s -> %s%n",
        queries.size(), dropped, lines, secs, queries.size() / secs, k1, b,
        cluster ? " on " + engine.engine + " " + engine.url + " index " + engine.indexName : "", output);
    spec.commandLine().getErr().flush();
    return 0;
  }

  /** Excluded docids per query id from BRIGHT JSONL rows or {@code qid docid} lines. */
  static Map<String, Set<String>> readExcluded(Path file) {
    if (Topics.isJsonl(file)) return BrightTopics.excludedIds(file);
    Map<String, Set<String>> out = new LinkedHashMap<>();
    long lineNo = 0;
    try (BufferedReader r = TextFiles.reader(file)) {
      for (String line; (line = r.readLine()) != null; ) {
        lineNo++;
        String t = line.strip();
        if (t.isEmpty()) continue;
        String[] f = t.split("\\s+");
        if (f.length != 2) throw InputException.at(file, lineNo, "expected 'qid docid', got " + f.length + " fields");
        out.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[1]);
      }
    } catch (IOException e) {
      throw InputException.at(file, lineNo, "cannot read: " + e.getMessage());
    }
    return out;
  }
}
