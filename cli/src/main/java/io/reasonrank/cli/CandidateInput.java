package io.reasonrank.cli;

import io.reasonrank.format.InputException;
import io.reasonrank.format.Run;
import io.reasonrank.format.TrecRuns;
import io.reasonrank.index.LuceneDocumentStore;
import io.reasonrank.io.JsonlCorpus;
import io.reasonrank.io.RankLlmResults;
import io.reasonrank.io.Topics;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.model.ScoredDoc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The first-stage candidates of a command (a picocli mixin of {@code rerank} and {@code convert candidates}): either
 * rank_llm retrieve results ({@code --candidates}, passages inline) or a TREC run with its topics and the passages from
 * a JSONL corpus or a Lucene index ({@code --run --topics --corpus|--index}), the two inputs of the reference's
 * {@code run_rank_llm.py} (docs/reference-behaviour.md §5.1).
 */
final class CandidateInput {
  @Option(names = "--candidates", paramLabel = "FILE", description = "rank_llm retrieve results: [{query, hits: [{qid, docid, rank, score, content}]}].")
  Path candidatesFile;

  @Option(names = "--run", paramLabel = "RUN", description = "First-stage TREC run (its top --top hits per query are used).")
  Path runFile;

  @Option(names = "--topics", paramLabel = "T", description = "Topics: qid<TAB>query (.tsv[.gz]) or JSONL (BRIGHT *.jsonl.gz: the raw 'query' field, docs/reference-behaviour.md §1.4).")
  Path topicsFile;

  @Option(names = "--corpus", paramLabel = "JSONL", description = "Corpus JSONL (.gz allowed) with the run's docids.")
  Path corpusFile;

  @Option(names = "--index", paramLabel = "DIR", description = "Lucene index (reasonrank index) holding the documents instead of --corpus.")
  Path indexDir;

  /** The input named in summaries: the candidates file or the run. */
  Path source() {
    return candidatesFile != null ? candidatesFile : runFile;
  }

  /**
   * The requests, queries in the input's order. A run's hits are cut to its first {@code top} per query; a
   * candidates file is taken whole (its lists are what the user chose to rerank).
   */
  List<RerankRequest> load(int top) {
    if (candidatesFile != null) {
      if (runFile != null || topicsFile != null || corpusFile != null || indexDir != null) {
        throw new InputException("give either --candidates or --run/--topics/--corpus|--index, not both");
      }
      requireFile(candidatesFile, "--candidates");
      List<RerankRequest> r = RankLlmResults.read(candidatesFile);
      if (r.isEmpty()) throw new InputException(candidatesFile + ": no queries");
      return r;
    }
    if (runFile == null || topicsFile == null) {
      throw new InputException("give --candidates FILE, or --run RUN --topics T with --corpus JSONL or --index DIR");
    }
    if ((corpusFile == null) == (indexDir == null)) throw new InputException("--run needs exactly one of --corpus JSONL and --index DIR");
    requireFile(runFile, "--run");
    requireFile(topicsFile, "--topics");
    Run run = TrecRuns.read(runFile).run();
    Map<String, Query> queries = new LinkedHashMap<>();
    for (Query q : Topics.read(topicsFile)) queries.putIfAbsent(q.id(), q);
    for (String qid : run.queryIds()) {
      if (!queries.containsKey(qid)) throw new InputException(runFile + ": query " + qid + " is not in the topics " + topicsFile);
    }
    // queries in the run's order, as the run's own order is what a user compares the output with
    List<Map.Entry<Query, List<ScoredDoc>>> wanted = new ArrayList<>();
    for (String qid : run.queryIds()) {
      List<ScoredDoc> hits = run.hits(qid);
      wanted.add(Map.entry(queries.get(qid), hits.subList(0, Math.min(top, hits.size()))));
    }
    if (wanted.isEmpty()) throw new InputException(runFile + ": no queries");
    List<RerankRequest> out = new ArrayList<>(wanted.size());
    if (corpusFile != null) {
      requireFile(corpusFile, "--corpus");
      // two passes: the docids the run needs, then only those documents from the streamed corpus
      Set<String> needed = new HashSet<>();
      for (var e : wanted) for (ScoredDoc h : e.getValue()) needed.add(h.docid());
      Map<String, Document> corpus = JsonlCorpus.load(corpusFile, needed);
      for (var e : wanted) out.add(request(e.getKey(), e.getValue(), corpus::get, corpusFile));
    } else {
      if (!Files.isDirectory(indexDir)) throw new InputException("--index: no such directory: " + indexDir);
      try (LuceneDocumentStore store = LuceneDocumentStore.open(indexDir)) {
        for (var e : wanted) out.add(request(e.getKey(), e.getValue(), id -> store.get(id).orElse(null), indexDir));
      }
    }
    return out;
  }

  private RerankRequest request(Query q, List<ScoredDoc> hits, Function<String, Document> docs, Path source) {
    List<Candidate> cands = new ArrayList<>(hits.size());
    for (ScoredDoc h : hits) {
      Document d = docs.apply(h.docid());
      if (d == null) throw new InputException(runFile + ": query " + q.id() + ": docid " + h.docid() + " is not in " + source);
      cands.add(new Candidate(d, h.score()));
    }
    return new RerankRequest(q, cands);
  }

  static void requireFile(Path p, String option) {
    if (!Files.isRegularFile(p)) throw new InputException(option + ": no such file: " + p);
  }
}
