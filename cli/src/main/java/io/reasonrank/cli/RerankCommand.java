package io.reasonrank.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reasonrank.format.InputException;
import io.reasonrank.format.Run;
import io.reasonrank.format.TextFiles;
import io.reasonrank.io.Json;
import io.reasonrank.llm.ContextBudget;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.LlmException;
import io.reasonrank.llm.cache.CachingBackend;
import io.reasonrank.llm.cache.CompletionCache;
import io.reasonrank.llm.openai.Endpoint;
import io.reasonrank.llm.openai.OpenAiBackend;
import io.reasonrank.llm.tokenizer.HfTokenizer;
import io.reasonrank.model.RerankRequest;
import io.reasonrank.pipeline.CallRecorder;
import io.reasonrank.pipeline.Checkpoint;
import io.reasonrank.pipeline.Messages;
import io.reasonrank.pipeline.PromptPlan;
import io.reasonrank.pipeline.RerankPipeline;
import io.reasonrank.pipeline.Strategy;
import io.reasonrank.pipeline.TraceRows;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.rerank.RerankResult;
import io.reasonrank.rerank.RerankRunWriter;
import io.reasonrank.rerank.ScoreMode;
import io.reasonrank.rerank.WindowSettings;
import io.reasonrank.rerank.WindowTrace;
import io.reasonrank.rerank.schedule.Progress;
import io.reasonrank.rerank.schedule.QueryOutcome;
import io.reasonrank.rerank.schedule.RerankScheduler;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import io.reasonrank.pipeline.PromptTruncationCheck;
import io.reasonrank.pipeline.RunOutcome;
import io.reasonrank.pipeline.RunSummary;

/**
 * {@code reasonrank rerank}: ReasonRank listwise reranking of a first-stage run through an LLM backend (docs/reference-behaviour.md §2 sampling,
 * §3 sliding windows, §5.5 run writing, §13.11).
 *
 * <p>Queries run concurrently through a {@link RerankScheduler} (or in the reference's lock-step batches); each query's
 * windows go in order. Every LLM answer goes to a SQLite {@link CompletionCache} as it arrives and every finished query
 * to a checkpoint ({@code <output>.partial.jsonl}), so a run killed at any point and started again with the same
 * arguments skips the finished queries, replays the answered windows from the cache and ends with the output an
 * uninterrupted run writes, without asking the model for any window twice.
 */
@Command(name = "rerank", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Rerank first-stage candidates with a ReasonRank listwise LLM (vLLM/SGLang/llama.cpp server over HTTP, or llama.cpp in process).",
        "Input: --candidates FILE (rank_llm JSON), or --run RUN --topics T with --corpus JSONL or --index DIR."})
public final class RerankCommand implements Callable<Integer> {
  /** Default expected output tokens per reasoning call: the middle of the paper's Fig. 13 reasoning-length range. */
  static final int DEFAULT_REASONING_OUTPUT_TOKENS = 750;

  @Spec CommandSpec spec;

  // ---- input
  @Mixin CandidateInput input;

  // ---- backend, ranking, cache: shared with serve
  @Mixin RerankBackendOptions opts;

  static final String DEFAULT_BASE_URL = RerankBackendOptions.DEFAULT_BASE_URL;

  @Option(names = "--allow-truncation", description = "Accept answers to prompts the server cut to fit its context (usage.prompt_tokens below ours); they are still counted and warned about. Default: such a call fails.")
  boolean allowTruncation;

  @Mixin QuerySelection selection;

  // ---- schedule
  @Option(names = "--schedule", defaultValue = "scheduler", converter = Choices.Schedule.class, completionCandidates = Choices.Schedule.class,
      description = "${COMPLETION-CANDIDATES}: scheduler (many queries in flight, none waits for another) or lockstep (the reference's batches of 512, window k of all at once; listwise strategies only). Default: ${DEFAULT-VALUE}.")
  String schedule;


  // ---- output
  @Option(names = "--output", paramLabel = "RUN", description = "The reranked TREC run.")
  Path output;

  @Option(names = "--tag", defaultValue = "reasonrank", description = "Run tag. Default: ${DEFAULT-VALUE}.")
  String tag;

  @Option(names = "--trace", paramLabel = "FILE", description = "JSONL (.gz by extension): one row per LLM call.")
  Path trace;

  @Option(names = "--summary", paramLabel = "FILE.json", description = "The run summary as JSON (the human summary always goes to stderr).")
  Path summaryFile;



  // ---- dry run
  @Option(names = "--dry-run", description = "Print calls, input tokens (exact, from the prompts) and expected output tokens and time; make no LLM call.")
  boolean dryRun;

  @Option(names = "--rate-tokens-per-s", defaultValue = "1000", description = "Dry run: assumed aggregate output tokens per second of the server (used when the cache has no history for the model). Default: ${DEFAULT-VALUE}.")
  double rateTokensPerSecond;

  @Option(names = "--expected-output-tokens", paramLabel = "N", description = "Dry run: output tokens per call (default: " + DEFAULT_REASONING_OUTPUT_TOKENS
      + " for reasoning modes, the paper's Fig. 13 range; the exact ranking length for rank_GPT; or the cache's mean).")
  Integer expectedOutputTokens;

  private PrintWriter err;

  @Override
  public Integer call() throws IOException {
    err = spec.commandLine().getErr();
    long t0 = System.nanoTime();
    PromptMode promptMode = opts.promptMode();
    Strategy strat = opts.parsedStrategy();
    ScoreMode sm = opts.parsedScoreMode();
    boolean lockstep = switch (schedule) {
      case "scheduler" -> false;
      case "lockstep" -> true;
      default -> throw new InputException("--schedule: expected scheduler or lockstep, got '" + schedule + "'");
    };
    Endpoint ep = opts.parsedEndpoint();
    if (!opts.backend.equals("openai") && !opts.backend.equals("llamacpp")) {
      throw new InputException("--backend: expected openai or llamacpp, got '" + opts.backend + "'");
    }
    if (opts.backend.equals("openai")) opts.servers(); // a bad --base-url or --base-urls-file is reported before any work
    if (lockstep && strat == Strategy.POINTWISE) {
      throw new InputException("--strategy pointwise --schedule lockstep: " + RerankScheduler.LOCKSTEP_NEEDS_CALLING_THREAD);
    }
    selection.validate();
    WindowSettings settings = opts.settings();
    if (opts.maxTokens != null && opts.maxTokens < 1) throw new InputException("--max-tokens must be >= 1, got " + opts.maxTokens);
    if (opts.concurrency < 1) throw new InputException("--concurrency must be >= 1, got " + opts.concurrency);
    if (opts.parallel < 1) throw new InputException("--parallel must be >= 1, got " + opts.parallel);
    int passageTokens = opts.passageTokens();
    if (!dryRun && output == null) throw new InputException("--output RUN is required (or --dry-run)");
    if (opts.backend.equals("llamacpp") && !dryRun && opts.model == null) throw new InputException("--backend llamacpp needs --model FILE.gguf");
    checkOutputs();

    // an OpenAI-compatible server is asked first, in seconds, before inputs that may take long to read
    LlmBackend probed = !dryRun && opts.backend.equals("openai") ? probedBackend(ep) : null;
    try {
      List<RerankRequest> requests = selection.apply(input.load(opts.top), r -> r.query().id());
      if (strat == Strategy.SLIDING) WindowCoverage.check(requests, settings);
      try (HfTokenizer tokenizer = TokenizerOption.load(opts.tokenizerPath, promptMode)) {
        PromptPlan plan;
        try {
          plan = new PromptPlan(strat, promptMode, tokenizer, passageTokens, settings);
        } catch (IllegalArgumentException | IllegalStateException e) {
          throw new InputException(e.getMessage());
        }
        if (dryRun) return dryRun(plan, requests, promptMode, t0);
        LlmBackend b = probed;
        probed = null; // rerank closes it
        return rerank(b, plan, requests, promptMode, strat, sm, lockstep, ep, settings, passageTokens, tokenizer, t0);
      }
    } finally {
      if (probed != null) probed.close();
    }
  }

  /** The HTTP backend, its server probed once ({@link OpenAiBackend#probe()}): nothing answering is one line, at once. */
  private LlmBackend probedBackend(Endpoint ep) {
    LlmBackend b = opts.openBackend(err, "rerank");
    try {
      if (b instanceof OpenAiBackend http) { // a pool asked each of its servers when it opened
        for (String note : http.probe().notes()) err.println("rerank: warning: " + note);
        err.flush();
      }
      return b;
    } catch (LlmException e) {
      b.close();
      throw new UserException(oneLine(e));
    }
  }

  private int rerank(LlmBackend probed, PromptPlan plan, List<RerankRequest> requests, PromptMode promptMode, Strategy strat, ScoreMode sm,
      boolean lockstep, Endpoint ep, WindowSettings settings, int passageTokens, HfTokenizer tokenizer, long t0) throws IOException {
    Path checkpointFile = sibling(output, ".partial.jsonl");
    Path cachePath = opts.noCache ? null : opts.cacheFile != null ? opts.cacheFile : sibling(output, ".cache.sqlite");
    LlmBackend base = null;
    CompletionCache cache = null;
    try {
      base = probed != null ? probed : opts.openBackend(err, "rerank");
      String modelName = base.model();
      int maxTok = opts.maxTokens != null ? opts.maxTokens : plan.maxTokens();
      // Fail fast: the largest prompt (counted with the tokenizer, docs/reference-behaviour.md §1.8) + max_tokens must fit the context.
      // Building every prompt costs about as much as the rest of a fast run, so a cheap upper bound comes first
      // and the exact prompts are counted only when the bound does not clearly fit.
      java.util.OptionalInt ctx = base.contextLength();
      if (ctx.isPresent() && (long) plan.promptUpperBound(requests) + maxTok > ctx.getAsInt()) {
        ContextBudget.check(plan.estimate(requests).maxPromptTokens(), maxTok, ctx.getAsInt());
      }
      String contextNote = opts.contextLength != null ? "context " + opts.contextLength + " (--context-length)"
          : ctx.isPresent() ? "context " + ctx.getAsInt() + (base instanceof OpenAiBackend ob ? " from " + ob.probe().contextSource() : "")
          : "context unknown (the server does not report it; prompts it cuts are caught by usage.prompt_tokens)";
      // our own count of every prompt against the server's usage.prompt_tokens: a server that cut the prompt says so
      PromptTruncationCheck truncation = opts.backend.equals("openai")
          ? new PromptTruncationCheck(base, tokenizer::countTokens, ep == Endpoint.CHAT ? 0.10 : 0.02, allowTruncation,
              w -> { err.println("rerank: warning: " + w); err.flush(); })
          : null;

      if (cachePath != null) cache = CacheFiles.open("--cache", cachePath);
      RerankPipeline.Builder pb = RerankPipeline.builder(truncation != null ? truncation : base).strategy(strat).mode(promptMode)
          .tokenizer(tokenizer).maxPassageTokens(passageTokens).settings(settings).scoreMode(sm).maxTokens(opts.maxTokens)
          .checkpoint(checkpointFile).notices(m -> err.println("rerank: " + m)).lockstep(lockstep)
          .maxQueriesInFlight(opts.maxQueriesInFlight).fingerprint(opts.backend, ep, opts.tokenizerPath).deleteCheckpointWhenComplete(false)
          .onCallFailure(e -> {
            String kind = "(" + e.kind().label() + (e.kind().fixedByRetrying() ? "" : ", not retried") + ")";
            String m = oneLine(e);
            err.println("rerank: LLM call failed" + (m.contains(kind) ? "" : " " + kind) + ": " + m + " [each distinct error is shown once]");
            err.flush();
          });
      if (cache != null) pb.cache(cache, opts.backendKind());
      RerankPipeline pipeline;
      try {
        pipeline = pb.build();
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new InputException(e.getMessage());
      }
      CallRecorder recorder = pipeline.calls();
      RunProgress[] progress = new RunProgress[1];
      RerankPipeline.Outcome run;
      try {
        run = pipeline.run(requests, new RerankPipeline.RunListener() {
          @Override
          public void started(int queries, int resumed) {
            err.printf("rerank: %d queries, strategy %s, mode %s, model %s, %s%s%s%n", queries, strat.id(), promptMode.id(), modelName, contextNote,
                resumed > 0 ? ", resuming (" + resumed + " already done in " + checkpointFile + ")" : "",
                cachePath != null ? ", cache " + cachePath : "");
            err.flush();
            progress[0] = RunProgress.start("rerank", "queries", queries - resumed, err);
          }

          @Override
          public void queryDone(QueryOutcome o, Progress p) {
            progress[0].update(p.done(), () -> String.format(Locale.ROOT, "%s; %d LLM calls, %d cached, %d failed", p,
                recorder.generatedCalls(), recorder.cachedCalls(), recorder.failedCalls()));
          }
        });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserException("interrupted; run the same command again to resume from " + checkpointFile);
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      } finally {
        if (progress[0] != null) progress[0].close();
        pipeline.close();
      }
      RerankResult[] results = run.results().toArray(RerankResult[]::new);
      int resumed = run.resumed();
      List<String> failedQueries = run.failedQueries();
      writeRun(results);
      if (trace != null) writeTrace(results, strat.id());
      double wall = (System.nanoTime() - t0) / 1e9;
      ObjectNode summary = summary(results, requests.size(), resumed, failedQueries, recorder, pipeline.caching(),
          promptMode, strat, sm, settings, passageTokens, modelName, lockstep, wall, maxTok, cachePath);
      ServerList.addTo(summary, base);
      RunOutcome outcome = new RunOutcome(recorder.failedCalls(), truncation == null ? 0 : truncation.truncatedCalls(),
          failedQueries.size(), allowTruncation);
      CallSummary.add(summary, recorder, truncation, base instanceof OpenAiBackend ob ? ob : null, ctx, contextNote, outcome);
      if (summaryFile != null) Files.writeString(summaryFile, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
      printSummary(summary);
      CallSummary.print(err, "rerank", summary);
      ServerList.print(base, err, "rerank");
      if (!failedQueries.isEmpty()) {
        err.printf("rerank: %d queries failed (first: %s); they are written in first-stage order%n", failedQueries.size(), failedQueries.getFirst());
      }
      String closing = outcome.message("rerank", recorder.attemptedCalls());
      if (closing != null) err.println(closing);
      err.flush();
      if (outcome.exitCode() == RunOutcome.OK) Files.deleteIfExists(checkpointFile);
      return outcome.exitCode();
    } catch (LlmException e) {
      throw new UserException(oneLine(e));
    } finally {
      if (base != null) base.close();
      if (cache != null) cache.close();
    }
  }

  // ------------------------------------------------------------------ outputs

  /** Every file this run will write, checked before the inputs are read and before any LLM call. */
  private void checkOutputs() {
    OutputPaths.checkWritableFile("--summary", summaryFile);
    if (dryRun) return;
    Path cachePath = opts.noCache ? null : opts.cacheFile != null ? opts.cacheFile : sibling(output, ".cache.sqlite");
    OutputPaths.checkWritableFile("--output", output);
    OutputPaths.checkWritableFile("--output (its checkpoint)", sibling(output, ".partial.jsonl"));
    OutputPaths.checkWritableFile("--trace", trace);
    OutputPaths.checkWritableFile("--cache", cachePath);
    OutputPaths.checkDistinct("--output", output, "--trace", trace, "--summary", summaryFile, "--cache", cachePath,
        "--output (its checkpoint)", sibling(output, ".partial.jsonl"));
  }

  private void writeRun(RerankResult[] results) throws IOException {
    Path tmp = sibling(output, ".tmp");
    try (BufferedWriter w = TextFiles.writer(tmp)) {
      for (RerankResult r : results) RerankRunWriter.write(w, r, opts.top, tag);
    }
    Files.move(tmp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private void writeTrace(RerankResult[] results, String strat) throws IOException {
    try (BufferedWriter w = TextFiles.writer(trace)) {
      for (RerankResult r : results) {
        for (WindowTrace t : r.windows()) {
          w.write(TraceRows.toJson(r.qid(), strat, t).toString());
          w.write('\n');
        }
      }
    }
  }

  private ObjectNode summary(RerankResult[] results, int queries, int resumed, List<String> failedQueries, CallRecorder recorder,
      CachingBackend caching, PromptMode pm, Strategy strat, ScoreMode sm, WindowSettings s, int passageTokens, String modelName,
      boolean lockstep, double wall, int maxTok, Path cachePath) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("tool", "reasonrank").put("version", VersionInfo.version()).put("git_revision", VersionInfo.gitRevision())
        .put("finished_at", Instant.now().toString());
    ObjectNode set = o.putObject("settings");
    set.put("strategy", strat.id()).put("mode", pm.id()).put("window", s.windowSize()).put("step", s.step()).put("top", s.topK())
        .put("score_mode", opts.scoreMode).put("max_passage_tokens", passageTokens).put("max_tokens", maxTok)
        .put("schedule", lockstep ? "lockstep" : "scheduler").put("backend", opts.backend).put("model", modelName)
        .put("endpoint", opts.endpoint).put("concurrency", opts.backend.equals("openai") ? opts.concurrency : opts.parallel);
    if (opts.backend.equals("openai") && opts.servers().size() == 1) set.put("base_url", opts.servers().urls().getFirst());
    else if (opts.backend.equals("openai")) opts.servers().urls().forEach(set.putArray("base_urls")::add);
    set.put("input", input.source().toString());
    set.put("output", output.toString());
    if (cachePath != null) set.put("cache", cachePath.toString());
    o.setAll(RunSummary.counts(java.util.Arrays.asList(results), resumed, failedQueries, recorder, caching, wall));
    return o;
  }

  private void printSummary(ObjectNode s) {
    err.printf(Locale.ROOT, "rerank: %d queries (%d resumed, %d failed, %d with failed calls) in %.1f s (%.3f s/query) -> %s%n", s.get("queries").asInt(),
        s.get("queries_resumed").asInt(), s.get("queries_failed").asInt(), s.get("queries_with_failed_calls").asInt(), s.get("wall_seconds").asDouble(),
        s.get("seconds_per_query").asDouble(), output);
    err.printf("rerank: %d LLM calls (%d attempted: %d succeeded, %d generated now, %d from the cache; %d failed), %d tokens in, %d tokens out%n",
        s.get("llm_calls").asLong(), s.get("llm_calls_attempted").asLong(), s.get("llm_calls_succeeded").asLong(),
        s.get("llm_calls_made").asLong(), s.get("llm_calls_cached").asLong(), s.get("failed_calls").asLong(),
        s.get("prompt_tokens").asLong(), s.get("completion_tokens").asLong());
    err.printf("rerank: parse paths %s%n", s.get("parse_paths"));
    err.printf("rerank: settings %s; reasonrank %s (git %s)%n", s.get("settings"), s.get("version").asText(), s.get("git_revision").asText());
    err.flush();
  }

  // ------------------------------------------------------------------ dry run

  private int dryRun(PromptPlan plan, List<RerankRequest> requests, PromptMode pm, long t0) {
    // an unreadable --cache is a user error, found before the prompts are counted
    var stats = cacheHistory();
    // counting every prompt takes a while on big inputs (tens of seconds for BRIGHT): show how far it is
    PromptPlan.Estimate est;
    long started = System.nanoTime();
    try (RunProgress progress = RunProgress.start("rerank --dry-run", "queries", requests.size(), err)) {
      est = plan.estimate(requests, done -> progress.update(done, () -> "counting prompt tokens: "
          + new Progress(done, 0, requests.size(), Duration.ofNanos(System.nanoTime() - started))));
    }
    int maxTok = opts.maxTokens != null ? opts.maxTokens : plan.maxTokens();
    String basis;
    double outPerCall;
    double seconds;
    if (expectedOutputTokens != null) {
      outPerCall = expectedOutputTokens;
      basis = "--expected-output-tokens " + expectedOutputTokens;
    } else if (stats.isPresent()) {
      outPerCall = stats.get().meanCompletionTokens();
      basis = String.format(Locale.ROOT, "the cache's history for %s (%d calls, mean %.0f output tokens)", stats.get().model(),
          stats.get().calls(), outPerCall);
    } else if (pm == PromptMode.RANK_GPT && plan.strategy() != Strategy.POINTWISE) {
      outPerCall = PromptMode.rankingTokens(plan.callSize(), plan.tokenizer());
      basis = "rank_GPT's fixed ranking length (min_tokens = max_tokens, docs/reference-behaviour.md §2)";
    } else {
      outPerCall = DEFAULT_REASONING_OUTPUT_TOKENS;
      basis = "the default " + DEFAULT_REASONING_OUTPUT_TOKENS + " per reasoning call (paper Fig. 13 range)";
    }
    outPerCall = Math.min(outPerCall, maxTok);
    double outTokens = outPerCall * est.calls();
    String timeBasis;
    if (stats.isPresent() && stats.get().meanSeconds() > 0) {
      int slots = opts.backend.equals("openai") ? opts.concurrency * opts.servers().size() : opts.parallel;
      seconds = est.calls() * stats.get().meanSeconds() / slots;
      timeBasis = String.format(Locale.ROOT, "the cache's mean %.2f s per call over %d slots", stats.get().meanSeconds(), slots);
    } else {
      seconds = outTokens / rateTokensPerSecond;
      timeBasis = String.format(Locale.ROOT, "%.0f output tokens/s aggregate (--rate-tokens-per-s; decode-bound)", rateTokensPerSecond);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "dry run: %d queries, strategy %s, mode %s, window %d, step %d, top %d, %d-token passages%n",
        requests.size(), plan.strategy().id(), pm.id(), opts.window, opts.step, opts.top, plan.passageTokens());
    out.printf(Locale.ROOT, "llm_calls: %d (%s)%n", est.calls(), est.callsNote());
    out.printf(Locale.ROOT, "input_tokens: %d (exact, %s; largest prompt %d tokens + max_tokens %d)%n", est.inputTokens(),
        est.tokensNote(), est.maxPromptTokens(), maxTok);
    out.printf(Locale.ROOT, "expected_output_tokens: %.0f (%.0f per call, from %s)%n", outTokens, outPerCall, basis);
    out.printf(Locale.ROOT, "expected_time: %s (%.0f s, from %s)%n", Progress.formatSeconds(seconds), seconds, timeBasis);
    out.printf(Locale.ROOT, "no LLM call was made (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
    out.flush();
    if (summaryFile != null) {
      ObjectNode o = Json.MAPPER.createObjectNode();
      o.put("dry_run", true).put("queries", requests.size()).put("strategy", plan.strategy().id()).put("mode", pm.id())
          .put("llm_calls", est.calls()).put("calls_basis", est.callsNote()).put("input_tokens", est.inputTokens())
          .put("max_prompt_tokens", est.maxPromptTokens()).put("expected_output_tokens", Math.round(outTokens))
          .put("expected_seconds", Math.round(seconds));
      try {
        Files.writeString(summaryFile, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
      } catch (IOException e) {
        throw new InputException("--summary: cannot write " + summaryFile + ": " + e.getMessage());
      }
    }
    return 0;
  }

  private java.util.Optional<io.reasonrank.llm.cache.ModelCallStats> cacheHistory() {
    Path c = opts.cacheFile != null ? opts.cacheFile : output != null ? sibling(output, ".cache.sqlite") : null;
    if (c == null || !Files.isRegularFile(c)) return java.util.Optional.empty();
    String m = opts.model == null ? null : !opts.backend.equals("llamacpp") ? opts.model
        : Files.isRegularFile(Path.of(opts.model)) ? io.reasonrank.llm.llamacpp.ModelFileIdentity.modelName(Path.of(opts.model)) : null;
    if (m == null) return java.util.Optional.empty();
    try (CompletionCache cc = CompletionCache.openReadOnly(c)) {
      return cc.callStats(m);
    } catch (io.reasonrank.llm.cache.CacheException e) {
      throw new UserException("--cache: " + oneLine(e));
    }
  }

  static Path sibling(Path file, String suffix) {
    return Checkpoint.sibling(file, suffix);
  }

  static String oneLine(Throwable t) {
    return Messages.oneLine(t);
  }
}
