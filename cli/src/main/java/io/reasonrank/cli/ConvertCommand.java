package io.reasonrank.cli;

import io.reasonrank.format.InputException;
import io.reasonrank.format.Qrels;
import io.reasonrank.format.TextFiles;
import io.reasonrank.format.TrecRuns;
import io.reasonrank.format.TsvTopics;
import io.reasonrank.io.BrightTopics;
import io.reasonrank.io.JsonlCorpus;
import io.reasonrank.io.RankLlmResults;
import io.reasonrank.io.Topics;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.model.ScoredDoc;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reasonrank convert}: moves first-stage data between the formats the reference and its baselines use
 * (docs/reference-behaviour.md §13.5): rank_llm retrieve results (docs/reference-behaviour.md §5.1), TREC runs, qrels and tsv topics, BRIGHT
 * {@code examples} rows (docs/reference-behaviour.md §1.4, §5.3) and BEIR JSONL corpora. Each subcommand reads and writes through the
 * library's readers and writers, so what it writes is exactly what the other commands read.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Convert between rank_llm retrieve results, TREC runs/qrels/topics, BRIGHT topic rows and JSONL corpora.",
    subcommands = {ConvertCommand.Candidates.class, ConvertCommand.RunOut.class, ConvertCommand.TopicsOut.class, ConvertCommand.Bright.class})
public final class ConvertCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("convert needs a subcommand: candidates, run, topics or bright (see 'reasonrank convert --help')");
  }

  /** {@code convert candidates}: a run with its topics and passages (or a candidates file, re-cut) to rank_llm JSON. */
  @Command(name = "candidates", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Write rank_llm retrieve results (the input of rank_llm and of 'rerank --candidates').",
          "Input: --run RUN --topics T with --corpus JSONL or --index DIR (or --candidates FILE)."})
  static final class Candidates implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin CandidateInput input;

    @Option(names = "--top", defaultValue = "100", description = "Hits kept per query of the run. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--output", required = true, paramLabel = "FILE.json", description = "rank_llm retrieve results JSON (.gz by extension).")
    Path output;

    @Override
    public Integer call() {
      OutputPaths.checkWritableFile("--output", output);
      if (top < 1) throw new InputException("--top must be >= 1, got " + top);
      List<RerankRequest> requests = input.load(top);
      RankLlmResults.write(output, requests);
      spec.commandLine().getErr().printf("convert candidates: %d queries, %d hits -> %s%n", requests.size(), hits(requests), output);
      return 0;
    }
  }

  /** {@code convert run}: rank_llm JSON to a TREC run, and optionally its topics and passages. */
  @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Write the TREC run (first-stage scores, list order) of rank_llm retrieve results, and optionally its topics and passages.")
  static final class RunOut implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--candidates", required = true, paramLabel = "FILE.json", description = "rank_llm retrieve results: [{query, hits: [{qid, docid, rank, score, content}]}].")
    Path candidates;

    @Option(names = "--output", required = true, paramLabel = "RUN", description = "The TREC run (ranks 1..n in list order, scores %%.6f).")
    Path output;

    @Option(names = "--tag", defaultValue = "reasonrank", description = "Run tag. Default: ${DEFAULT-VALUE}.")
    String tag;

    @Option(names = "--topics-out", paramLabel = "T.tsv", description = "The queries: qid<TAB>query (.tsv[.gz], newlines flattened) or BRIGHT rows (.jsonl[.gz]).")
    Path topicsOut;

    @Option(names = "--corpus-out", paramLabel = "C.jsonl", description = "The passages as a BEIR JSONL corpus (.gz by extension), each docid once.")
    Path corpusOut;

    @Override
    public Integer call() {
      OutputPaths.checkWritableFile("--output", output);
      OutputPaths.checkWritableFile("--topics-out", topicsOut);
      OutputPaths.checkWritableFile("--corpus-out", corpusOut);
      OutputPaths.checkDistinct("--output", output, "--topics-out", topicsOut, "--corpus-out", corpusOut);
      if (tag.isEmpty() || tag.chars().anyMatch(Character::isWhitespace)) throw new InputException("--tag must be one word, got '" + tag + "'");
      CandidateInput.requireFile(candidates, "--candidates");
      List<RerankRequest> requests = RankLlmResults.read(candidates);
      Map<String, List<ScoredDoc>> run = new LinkedHashMap<>();
      Map<String, Document> docs = new LinkedHashMap<>();
      for (RerankRequest r : requests) {
        String qid = r.query().id();
        requireWord(qid, "query id '" + qid + "'");
        List<ScoredDoc> hits = new ArrayList<>(r.candidates().size());
        for (Candidate c : r.candidates()) {
          requireWord(c.docid(), "query " + qid + ": docid '" + c.docid() + "'");
          hits.add(new ScoredDoc(c.docid(), c.score()));
          // the first passage seen under a docid is kept: rank_llm repeats the same passage for every query it retrieves
          docs.putIfAbsent(c.docid(), c.doc());
        }
        if (run.putIfAbsent(qid, hits) != null) throw InputException.at(candidates, "query " + qid + " appears more than once");
      }
      TrecRuns.write(output, run, tag);
      PrintWriter err = spec.commandLine().getErr();
      StringBuilder also = new StringBuilder();
      if (topicsOut != null) {
        writeTopics(topicsOut, requests.stream().map(r -> new BrightTopics.Row(r.query(), Set.of(), List.of())).toList());
        also.append(", topics -> ").append(topicsOut);
      }
      if (corpusOut != null) {
        JsonlCorpus.write(corpusOut, docs.values());
        also.append(", ").append(docs.size()).append(" passages -> ").append(corpusOut);
      }
      err.printf("convert run: %d queries, %d hits -> %s%s%n", requests.size(), hits(requests), output, also);
      return 0;
    }

    /** A run line is split on whitespace (docs/reference-behaviour.md §5.1): an id holding any would shift the fields of its line. */
    private void requireWord(String id, String what) {
      if (id.isEmpty() || id.chars().anyMatch(Character::isWhitespace)) {
        throw InputException.at(candidates, what + " is empty or holds whitespace; a TREC run cannot carry it");
      }
    }
  }

  /** {@code convert topics}: tsv and BRIGHT JSONL topics, either way. */
  @Command(name = "topics", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Convert topics between qid<TAB>query (.tsv[.gz]) and BRIGHT rows (.jsonl[.gz]).",
          "tsv flattens the query's newlines to spaces, as Anserini's bright tsv topics do; jsonl keeps them (and a BRIGHT input's excluded_ids and gold_ids)."})
  static final class TopicsOut implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "T", description = "Topics: .tsv[.gz] or BRIGHT .jsonl[.gz].")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "T", description = "T.tsv[.gz] or T.jsonl[.gz].")
    Path output;

    @Override
    public Integer call() {
      OutputPaths.checkWritableFile("--output", output);
      CandidateInput.requireFile(input, "--input");
      List<BrightTopics.Row> rows = Topics.isJsonl(input) ? BrightTopics.read(input)
          : TsvTopics.read(input).stream().map(q -> new BrightTopics.Row(q, Set.of(), List.of())).toList();
      Set<String> seen = new LinkedHashSet<>();
      for (BrightTopics.Row r : rows) {
        if (!seen.add(r.query().id())) throw InputException.at(input, "query " + r.query().id() + " appears more than once");
      }
      writeTopics(output, rows);
      spec.commandLine().getErr().printf("convert topics: %d queries -> %s%n", rows.size(), output);
      return 0;
    }
  }

  /** {@code convert bright}: a BRIGHT task's qrels and excluded ids from its {@code examples} rows. */
  @Command(name = "bright", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Write a BRIGHT task's qrels (gold_ids, relevance 1) and excluded ids ('qid docid' lines, what 'search --excluded' reads)",
          "from its topics.bright-<task>-original.jsonl[.gz] rows."})
  static final class Bright implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--topics", required = true, paramLabel = "JSONL", description = "topics.bright-<task>-original.jsonl[.gz] (BRIGHT examples rows).")
    Path topics;

    @Option(names = "--qrels-out", paramLabel = "Q", description = "TREC qrels 'qid 0 docid 1' from gold_ids.")
    Path qrelsOut;

    @Option(names = "--excluded-out", paramLabel = "E", description = "'qid docid' lines from excluded_ids ('N/A' dropped).")
    Path excludedOut;

    @Override
    public Integer call() {
      if (qrelsOut == null && excludedOut == null) throw new UserException("convert bright needs --qrels-out Q and/or --excluded-out E");
      OutputPaths.checkWritableFile("--qrels-out", qrelsOut);
      OutputPaths.checkWritableFile("--excluded-out", excludedOut);
      OutputPaths.checkDistinct("--qrels-out", qrelsOut, "--excluded-out", excludedOut);
      CandidateInput.requireFile(topics, "--topics");
      if (!Topics.isJsonl(topics)) throw new InputException("--topics: expected BRIGHT rows (.jsonl[.gz]), got " + topics);
      List<BrightTopics.Row> rows = BrightTopics.read(topics);
      StringBuilder summary = new StringBuilder("convert bright: " + rows.size() + " queries");
      if (qrelsOut != null) {
        Map<String, Map<String, Integer>> judged = new LinkedHashMap<>();
        int n = 0;
        for (BrightTopics.Row r : rows) {
          for (String d : r.goldIds()) {
            requireWord(d, r, "gold_ids");
            if (judged.computeIfAbsent(r.query().id(), k -> new LinkedHashMap<>()).put(d, 1) == null) n++;
          }
        }
        if (judged.isEmpty()) throw InputException.at(topics, "no gold_ids: no qrels to write");
        new Qrels(judged).write(qrelsOut);
        summary.append(", ").append(n).append(" judgments -> ").append(qrelsOut);
      }
      if (excludedOut != null) {
        int n = 0;
        try (Writer w = TextFiles.writer(excludedOut)) {
          for (BrightTopics.Row r : rows) {
            for (String d : r.excludedIds()) {
              requireWord(d, r, "excluded_ids");
              w.append(r.query().id()).append(' ').append(d).append('\n');
              n++;
            }
          }
        } catch (IOException e) {
          throw TextFiles.unchecked(excludedOut, e);
        }
        summary.append(", ").append(n).append(" excluded ids -> ").append(excludedOut);
      }
      spec.commandLine().getErr().println(summary);
      return 0;
    }

    /** Both outputs are whitespace-separated lines: an id holding whitespace would shift its line's fields. */
    private void requireWord(String docid, BrightTopics.Row r, String field) {
      String qid = r.query().id();
      if (qid.isEmpty() || qid.chars().anyMatch(Character::isWhitespace)) {
        throw InputException.at(topics, "query id '" + qid + "' holds whitespace; TREC lines cannot carry it");
      }
      if (docid.isEmpty() || docid.chars().anyMatch(Character::isWhitespace)) {
        throw InputException.at(topics, "query " + qid + ": " + field + " '" + docid + "' is empty or holds whitespace; TREC lines cannot carry it");
      }
    }
  }

  /** BRIGHT rows for {@code .jsonl[.gz]} (newlines kept), else {@code qid<TAB>query} lines with newlines flattened. */
  static void writeTopics(Path file, List<BrightTopics.Row> rows) {
    if (Topics.isJsonl(file)) {
      BrightTopics.write(file, rows);
      return;
    }
    List<Query> queries = new ArrayList<>(rows.size());
    for (BrightTopics.Row r : rows) {
      Query q = r.query();
      // a tab or carriage return in a query would split or corrupt its tsv line; TsvTopics.write flattens '\n' only
      queries.add(new Query(q.id(), q.text().replace('\t', ' ').replace("\r\n", "\n").replace('\r', '\n')));
      if (q.id().isEmpty() || q.id().chars().anyMatch(c -> c == '\t' || c == '\n' || c == '\r')) {
        throw new InputException("query id '" + q.id() + "' cannot be written as a tsv topic");
      }
    }
    TsvTopics.write(file, queries);
  }

  private static long hits(List<RerankRequest> requests) {
    return requests.stream().mapToLong(r -> r.candidates().size()).sum();
  }
}
