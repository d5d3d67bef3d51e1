package io.reasonrank.cli;

import io.reasonrank.format.TrecRuns;
import io.reasonrank.index.LuceneDocumentStore;
import io.reasonrank.io.JsonlCorpus;
import io.reasonrank.io.Topics;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.SamplingParams;
import io.reasonrank.llm.cache.CachingBackend;
import io.reasonrank.llm.cache.CompletionCache;
import io.reasonrank.llm.openai.Endpoint;
import io.reasonrank.llm.openai.OpenAiBackend;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.Document;
import io.reasonrank.model.Query;
import io.reasonrank.synth.SynthesisOptions;
import io.reasonrank.synth.Synthesizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import io.reasonrank.pipeline.PromptTruncationCheck;
import io.reasonrank.pipeline.RunOutcome;

/**
 * {@code reasonrank synth}: teacher synthesis of training windows (docs/reference-behaviour.md §9, §13.10) through any
 * OpenAI-compatible endpoint. Rows go to {@code --output} as they finish; rerunning the same command resumes.
 */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Build one window per query from the top --list-size run candidates, ask a teacher (any OpenAI-compatible",
      "endpoint, e.g. DeepSeek-R1) for pointwise relevance labels (relevant_docids) and a listwise reasoning ranking",
      "with the ReasonRank prompt (reasoning, final_list), and append training rows to --output.",
      "Interrupted runs resume: rerun the same command. Then: reasonrank filter, export-sft, export-rl."
    })
public final class SynthCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--topics", required = true, paramLabel = "FILE", description = "queries: qid<TAB>text or JSONL")
  Path topics;

  @Option(names = "--run", required = true, paramLabel = "FILE", description = "first-stage TREC run (e.g. BM25 from `reasonrank search`)")
  Path run;

  static final class Docs {
    @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "JSONL corpus (_id|id, title, text|contents)")
    Path corpus;

    @Option(names = "--index", required = true, paramLabel = "DIR", description = "Lucene index built by `reasonrank index` (stored texts)")
    Path index;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Docs docs;

  @Option(names = "--output", required = true, paramLabel = "FILE", description = "training rows, JSONL (appended; resumed)")
  Path output;

  @Option(names = "--base-url", paramLabel = "URL", description = "teacher endpoint, e.g. https://api.deepseek.com/v1; repeat it for replicas of one teacher (docs/scale-out.md)")
  List<String> baseUrls;

  @Option(names = "--base-urls-file", paramLabel = "FILE", description = "more teacher servers, one base URL per line (# comments)")
  Path baseUrlsFile;

  @Option(names = "--model", paramLabel = "NAME", description = "teacher model (default: the one model the server lists)")
  String model;

  @Option(names = "--endpoint", defaultValue = "chat", converter = Choices.EndpointChoice.class, completionCandidates = Choices.EndpointChoice.class,
      description = "${COMPLETION-CANDIDATES}: chat (default; the server applies the teacher's template) or completions (ChatML prompt)")
  String endpoint;

  @Option(names = "--api-key-env", defaultValue = "OPENAI_API_KEY", paramLabel = "VAR", description = "environment variable holding the API key (default: ${DEFAULT-VALUE})")
  String apiKeyEnv;

  @Option(names = "--list-size", defaultValue = "20", paramLabel = "N", description = "candidates per query (default: ${DEFAULT-VALUE})")
  int listSize;

  @Option(names = "--dataset", paramLabel = "NAME", description = "the rows' dataset field (default: the topics file name)")
  String dataset;

  @Option(names = "--concurrency", defaultValue = "8", paramLabel = "N", description = "teacher calls in flight per server (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Mixin PassageOptions passage;

  @Option(names = "--pointwise-max-tokens", defaultValue = "" + SynthesisOptions.DEFAULT_POINTWISE_MAX_TOKENS, paramLabel = "N",
      description = "max tokens of a pointwise judgment (default: ${DEFAULT-VALUE})")
  int pointwiseMaxTokens;

  @Option(names = "--listwise-max-tokens", defaultValue = "" + SynthesisOptions.DEFAULT_LISTWISE_MAX_TOKENS, paramLabel = "N",
      description = "max tokens of the listwise reasoning (default: ${DEFAULT-VALUE})")
  int listwiseMaxTokens;

  @Option(names = "--temperature", defaultValue = "0", paramLabel = "T", description = "teacher temperature (default: ${DEFAULT-VALUE}, greedy)")
  double temperature;

  @Option(names = "--max-retries", defaultValue = "5", paramLabel = "N", description = "retries per call with backoff (default: ${DEFAULT-VALUE})")
  int maxRetries;

  @Option(names = "--price-in", defaultValue = "0", paramLabel = "$/Mtok", description = "price per million prompt tokens")
  double priceIn;

  @Option(names = "--price-out", defaultValue = "0", paramLabel = "$/Mtok", description = "price per million completion tokens")
  double priceOut;

  @Option(names = "--cache", paramLabel = "FILE",
      description = "SQLite completion cache; a resumed run replays the calls it already paid for (default: <output>.cache.sqlite)")
  Path cache;

  @Option(names = "--no-cache", description = "do not cache teacher completions")
  boolean noCache;

  /** The docids synthesis reads: each topic's first --list-size distinct run hits (the rest of the corpus is not kept). */
  private Set<String> neededDocids(List<Query> queries, io.reasonrank.format.Run r) {
    Set<String> needed = new HashSet<>();
    for (Query q : queries) {
      List<io.reasonrank.model.ScoredDoc> hits = r.hits(q.id());
      if (hits == null) continue;
      Set<String> list = new HashSet<>();
      for (io.reasonrank.model.ScoredDoc h : hits) {
        if (list.size() == listSize) break;
        list.add(h.docid());
      }
      needed.addAll(list);
    }
    return needed;
  }

  @Option(names = "--allow-truncation", description = "accept answers to prompts the teacher's server cut to fit its context (counted and warned about); default: such a call fails")
  boolean allowTruncation;

  @Mixin QuerySelection selection;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Endpoint ep = switch (endpoint.toLowerCase(Locale.ROOT)) {
      case "chat" -> Endpoint.CHAT;
      case "completions" -> Endpoint.COMPLETIONS;
      default -> throw new UserException("--endpoint must be completions or chat, got '" + endpoint + "'");
    };
    if (listSize < 1) throw new UserException("--list-size must be >= 1: " + listSize);
    if (concurrency < 1) throw new UserException("--concurrency must be >= 1: " + concurrency);
    passage.validate();
    if (pointwiseMaxTokens < 1 || listwiseMaxTokens < 1) throw new UserException("--pointwise-max-tokens and --listwise-max-tokens must be >= 1");
    if (!(temperature >= 0)) throw new UserException("--temperature must be >= 0: " + temperature);
    if (maxRetries < 0) throw new UserException("--max-retries must be >= 0: " + maxRetries);
    if (!(priceIn >= 0) || !(priceOut >= 0)) throw new UserException("--price-in and --price-out must be >= 0");
    OutputPaths.checkWritableFile("--output", output);
    Path cachePath = noCache ? null : cache != null ? cache : output.resolveSibling(output.getFileName() + ".cache.sqlite");
    OutputPaths.checkWritableFile("--cache", cachePath);
    OutputPaths.checkDistinct("--output", output, "--cache", cachePath);
    ServerList servers = ServerList.of(baseUrls, baseUrlsFile, null);
    selection.validate();
    String name = dataset != null ? dataset : topics.getFileName().toString().replaceFirst("\\.(tsv|txt|jsonl|json)(\\.gz)?$", "");
    if (name.isBlank()) throw new UserException("--dataset must not be blank");
    SynthesisOptions options = new SynthesisOptions(name, listSize, passage.maxPassageTokens, concurrency * servers.size(),
        new SamplingParams(temperature, null, null, null, pointwiseMaxTokens, null, List.of(), null),
        new SamplingParams(temperature, null, null, null, listwiseMaxTokens, null, List.of(), null), priceIn, priceOut);

    // the teacher is asked first, once and in seconds: nothing answering is one line, before inputs are read
    java.util.Set<String> retryReasons = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Function<String, OpenAiBackend.Builder> server = baseUrl -> {
      OpenAiBackend.Builder b = OpenAiBackend.builder().baseUrl(baseUrl).endpoint(ep).apiKeyEnv(apiKeyEnv)
          .maxConcurrency(concurrency).maxRetries(maxRetries)
          .retryListener((retry, max, reason, delay) -> {
            if (!retryReasons.add(reason)) return; // each distinct reason once
            err.printf("synth: retry %d/%d in %d ms: %s (later retries for the same reason not shown)%n", retry, max, delay.toMillis(), reason);
            err.flush();
          });
      if (model != null) b.model(model);
      return b;
    };
    LlmBackend http = servers.open(server, err, "synth"); // a pool asks each of its servers as it opens
    try {
      if (http instanceof OpenAiBackend one) for (String note : one.probe().notes()) err.println("synth: warning: " + note);
    } catch (LlmException e) {
      http.close();
      throw new UserException(e.getMessage());
    }
    try {
      return synthesize(http, servers, cachePath, options, err);
    } finally {
      http.close();
    }
  }

  private int synthesize(LlmBackend http, ServerList servers, Path cachePath, SynthesisOptions options, PrintWriter err) {
    List<Query> queries = selection.apply(Topics.read(topics), Query::id);
    var loaded = TrecRuns.read(run);
    LuceneDocumentStore store = null;
    Function<String, Optional<Document>> lookup;
    if (docs.corpus != null) {
      Map<String, Document> corpus = JsonlCorpus.load(docs.corpus, neededDocids(queries, loaded.run()));
      lookup = id -> Optional.ofNullable(corpus.get(id));
    } else {
      store = LuceneDocumentStore.open(docs.index);
      lookup = store::get;
    }
    // The cache makes a resume replay the calls of queries that were in flight at a crash instead of paying for them twice.
    try (CompletionCache completions = cachePath == null ? null : CacheFiles.open("--cache", cachePath);
        HfTokenizer tok = passage.loadTokenizer()) {
      // the teacher's tokenizer is not ours, so its count may differ more than a reranker's: a quarter is allowed;
      // a server that cuts prompts to its context reads far less
      PromptTruncationCheck truncation = new PromptTruncationCheck(http, tok::countTokens, 0.25, allowTruncation,
          w -> { err.println("synth: warning: " + w); err.flush(); });
      LlmBackend teacher = completions == null ? truncation
          : new CachingBackend(truncation, completions, servers.cacheKind(endpoint));
      String served;
      try {
        served = teacher.model();
      } catch (LlmException e) {
        throw new UserException("teacher at " + servers.describe() + ": " + e.getMessage());
      }
      err.printf("synth: %d topics, run %s, teacher %s (%s endpoint), %d calls in flight -> %s%n", queries.size(), run, served,
          endpoint, concurrency * servers.size(), output);
      err.flush();
      java.util.Set<String> shownErrors = java.util.concurrent.ConcurrentHashMap.newKeySet();
      java.util.regex.Pattern queryFailed = java.util.regex.Pattern.compile("^synth: query \\S+ failed: (.*)$");
      // on a terminal the synthesizer's progress drives a progress bar; a pipe or a file gets its plain lines
      boolean bar = RunProgress.isTerminal();
      RunProgress[] progress = {null};
      Synthesizer.Summary s;
      try {
        s = new Synthesizer(teacher, tok, options).run(queries, loaded.run(), lookup, output, msg -> {
          java.util.regex.Matcher m = queryFailed.matcher(msg);
          if (m.matches() && !shownErrors.add(m.group(1))) return; // each distinct error once, not once per query
          err.println(m.matches() ? msg + " [each distinct error is shown once]" : msg);
          err.flush();
        }, (done, total, detail) -> {
          if (!bar) {
            err.println("synth: " + done + "/" + total + " queries " + detail);
            err.flush();
            return;
          }
          synchronized (progress) {
            if (progress[0] == null) progress[0] = RunProgress.start("synth", "queries", total, err);
            progress[0].update(done, () -> detail);
          }
        });
      } finally {
        synchronized (progress) {
          if (progress[0] != null) progress[0].close();
        }
      }
      err.println("synth: " + s.describe());
      ServerList.print(http, err, "synth");
      if (teacher instanceof CachingBackend cb) err.println("synth: cache " + cachePath + ": " + cb.stats());
      if (truncation.truncatedCalls() > 0) err.println("synth: " + truncation.truncatedCalls() + " prompts were cut by the server to fit its context");
      if (http instanceof OpenAiBackend one) CallSummary.printSpeed(err, "synth", one.serverSpeed());
      RunOutcome outcome = new RunOutcome(s.failedCalls(), truncation.truncatedCalls(), s.failed(), allowTruncation);
      String closing = outcome.message("synth", s.calls());
      if (closing != null) err.println(closing);
      err.flush();
      return outcome.exitCode();
    } finally {
      if (store != null) store.close();
    }
  }
}
