package io.reasonrank.cli;

import io.reasonrank.format.InputException;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.openai.Endpoint;
import io.reasonrank.prompt.PassageLength;
import io.reasonrank.prompt.PromptMode;
import io.reasonrank.rerank.ScoreMode;
import io.reasonrank.rerank.WindowSettings;
import io.reasonrank.pipeline.Backends;
import io.reasonrank.pipeline.Strategy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Option;

/**
 * The backend, strategy, mode, window, passage, concurrency, retry and cache options that {@code rerank} and
 * {@code serve} share (a picocli mixin, so both spell and default them alike), with their validation and the backend
 * they open through the library's {@link Backends}. Command-specific options (rerank's schedule, output, trace,
 * summary and dry run; serve's host, port and limits) stay in their commands.
 */
final class RerankBackendOptions {
  static final String DEFAULT_BASE_URL = "http://localhost:8000/v1";

  @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset name, sets the passage length (100 for TREC/BEIR, 512 for BRIGHT/R2MED), e.g. dl19, bright-biology.")
  String dataset;

  @Option(names = "--max-passage-tokens", paramLabel = "N", description = "Passage truncation in model tokens (overrides --dataset).")
  Integer maxPassageTokens;

  // ---- backend
  @Option(names = "--backend", defaultValue = "openai", converter = Choices.Backend.class, completionCandidates = Choices.Backend.class,
      description = "${COMPLETION-CANDIDATES}: openai (any OpenAI-compatible server) or llamacpp (in process). Default: ${DEFAULT-VALUE}.")
  String backend;

  @Option(names = "--base-url", paramLabel = "URL", description = "OpenAI-compatible server; repeat it for replicas of one model (each call goes to the least busy, see docs/scale-out.md). Default: " + DEFAULT_BASE_URL + ".")
  List<String> baseUrls;

  @Option(names = "--base-urls-file", paramLabel = "FILE", description = "More servers, one base URL per line (# comments).")
  Path baseUrlsFile;

  @Option(names = "--model", paramLabel = "M", description = "openai: the served model name (default: the one model the server lists); llamacpp: the .gguf file.")
  String model;

  @Option(names = "--endpoint", defaultValue = "completions", converter = Choices.EndpointChoice.class, completionCandidates = Choices.EndpointChoice.class,
      description = "${COMPLETION-CANDIDATES}: completions (the exact reference prompt, faithful) or chat (the server's chat template). Default: ${DEFAULT-VALUE}.")
  String endpoint;

  @Option(names = "--api-key-env", defaultValue = "OPENAI_API_KEY", paramLabel = "VAR", description = "Environment variable holding the model server's API key. Default: ${DEFAULT-VALUE}.")
  String apiKeyEnv;

  @Option(names = "--concurrency", defaultValue = "8", description = "LLM requests in flight at once per server (its slots); serve: shared by all HTTP requests. Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(names = "--timeout", defaultValue = "600", paramLabel = "SECONDS", description = "Per-LLM-request timeout. Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds;

  @Option(names = "--max-retries", defaultValue = "5", description = "Retries of a failed LLM request (429/5xx/network) with backoff. Default: ${DEFAULT-VALUE}.")
  int maxRetries;

  @Option(names = "--context-length", paramLabel = "N", description = "The context each request may use, if the server does not report it (default: asked from the server / the GGUF; docs/rerank.md, Context limits).")
  Integer contextLength;

  @Option(names = "--max-tokens", paramLabel = "N", description = "Override max_tokens per call (default: the mode's, docs/reference-behaviour.md §2: 3172 for reasoning modes).")
  Integer maxTokens;

  @Option(names = "--parallel", defaultValue = "1", description = "llamacpp: parallel sequences (slots). Default: ${DEFAULT-VALUE}.")
  int parallel;

  @Option(names = "--threads", defaultValue = "0", description = "llamacpp: CPU threads (0 = all). Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(names = "--ctx-size", defaultValue = "0", description = "llamacpp: total context (0 = the model's, capped at 32768). Default: ${DEFAULT-VALUE}.")
  int ctxSize;

  // ---- ranking
  @Option(names = "--mode", defaultValue = "rank_GPT_reasoning", converter = Choices.Mode.class, completionCandidates = Choices.Mode.class,
      description = "${COMPLETION-CANDIDATES}: rank_GPT_reasoning (ReasonRank-7B), rank_GPT_qwen3 (ReasonRank-8B) or rank_GPT (no reasoning). Default: ${DEFAULT-VALUE}.")
  String mode;

  @Option(names = "--strategy", defaultValue = "sliding", converter = Choices.Strategy.class, completionCandidates = Choices.Strategy.class,
      description = "${COMPLETION-CANDIDATES}: sliding (the paper's), full (one window over the top), topdown (TDPart pivots) or pointwise (Rank1). Default: ${DEFAULT-VALUE}.")
  String strategy;

  @Option(names = "--window", defaultValue = "20", description = "Passages per listwise call. Default: ${DEFAULT-VALUE}.")
  int window;

  @Option(names = "--step", defaultValue = "10", description = "Sliding-window step. Default: ${DEFAULT-VALUE}.")
  int step;

  @Option(names = "--top", defaultValue = "100", description = "Candidates reranked per query (rerank: and hits written; serve: the rest keep their order beneath). Default: ${DEFAULT-VALUE}.")
  int top;

  @Option(names = "--score-mode", defaultValue = "positional", converter = Choices.ScoreMode.class, completionCandidates = Choices.ScoreMode.class,
      description = "${COMPLETION-CANDIDATES}: positional (the reference's: first-stage scores stay with positions) or rank (n - i); serve's HTTP scores are always 1/rank. Default: ${DEFAULT-VALUE}.")
  String scoreMode;

  @Option(names = "--tokenizer", paramLabel = "DIR", description = "Folder (or file) with tokenizer.json[.gz] (default: the bundled tokenizer of the mode's checkpoint: Qwen2.5, or Qwen3 for rank_GPT_qwen3).")
  Path tokenizerPath;

  @Option(names = "--max-queries-in-flight", defaultValue = "0", description = "Queries (serve: requests) reranked at once (0 = rerank and synth: 8 x concurrency + 16, serve: 2 x concurrency + 16). Default: ${DEFAULT-VALUE}.")
  int maxQueriesInFlight;

  @Option(names = "--cache", paramLabel = "FILE.sqlite", description = "Completion cache (default: rerank <output>.cache.sqlite; serve a temporary one for the server's lifetime, shared by all requests).")
  Path cacheFile;

  @Option(names = "--no-cache", description = "Do not cache completions (rerank: a killed run then asks its unfinished queries' windows again; serve: identical concurrent requests each ask the model).")
  boolean noCache;

  private ServerList serverList;

  PromptMode promptMode() {
    try {
      return PromptMode.parse(mode);
    } catch (IllegalArgumentException e) {
      throw new InputException("--mode: " + e.getMessage());
    }
  }

  Strategy parsedStrategy() {
    try {
      return Strategy.parse(strategy);
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage());
    }
  }

  ScoreMode parsedScoreMode() {
    return switch (scoreMode) {
      case "positional" -> ScoreMode.POSITIONAL;
      case "rank" -> ScoreMode.BY_NEW_RANK;
      default -> throw new InputException("--score-mode: expected positional or rank, got '" + scoreMode + "'");
    };
  }

  Endpoint parsedEndpoint() {
    return switch (endpoint) {
      case "completions" -> Endpoint.COMPLETIONS;
      case "chat" -> Endpoint.CHAT;
      default -> throw new InputException("--endpoint: expected completions or chat, got '" + endpoint + "'");
    };
  }

  WindowSettings settings() {
    try {
      return new WindowSettings(window, step, top, 1);
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage());
    }
  }

  int passageTokens() {
    if (maxPassageTokens != null) {
      if (maxPassageTokens < 1) throw new InputException("--max-passage-tokens must be >= 1, got " + maxPassageTokens);
      return maxPassageTokens;
    }
    if (dataset == null) {
      throw new InputException("give --dataset NAME (e.g. dl19, bright-biology) or --max-passage-tokens N "
          + "(100 for TREC/BEIR, 512 for BRIGHT/R2MED): passages are cut to that many tokens (docs/reference-behaviour.md §1.5)");
    }
    try {
      return PassageLength.forDataset(dataset);
    } catch (IllegalArgumentException e) {
      throw new InputException("--dataset: " + e.getMessage());
    }
  }

  /** Checks every option that can be checked without opening anything. */
  void validate() {
    promptMode();
    parsedStrategy();
    parsedScoreMode();
    parsedEndpoint();
    settings();
    passageTokens();
    if (!backend.equals("openai") && !backend.equals("llamacpp")) {
      throw new InputException("--backend: expected openai or llamacpp, got '" + backend + "'");
    }
    if (backend.equals("openai")) servers(); // a bad --base-url or --base-urls-file is reported before any work
    if (maxTokens != null && maxTokens < 1) throw new InputException("--max-tokens must be >= 1, got " + maxTokens);
    if (backend.equals("llamacpp") && model == null) throw new InputException("--backend llamacpp needs --model FILE.gguf");
    if (concurrency < 1) throw new InputException("--concurrency must be >= 1, got " + concurrency);
    if (maxQueriesInFlight < 0) throw new InputException("--max-queries-in-flight must be >= 0, got " + maxQueriesInFlight);
    if (noCache && cacheFile != null) throw new InputException("--cache and --no-cache exclude each other");
  }

  /** The OpenAI-compatible servers: the {@code --base-url} values, then the file's; the default when neither is given. */
  ServerList servers() {
    if (serverList == null) serverList = ServerList.of(baseUrls, baseUrlsFile, DEFAULT_BASE_URL);
    return serverList;
  }

  /** The cache key's name for the endpoint, as {@code rerank} names it ({@link ServerList#cacheKind}). */
  String backendKind() {
    return backend.equals("openai") ? servers().cacheKind(endpoint) : "llamacpp";
  }

  /**
   * Opens the backend through the library's {@link Backends}: llama.cpp in process, one OpenAI-compatible server, or a
   * pool of several ({@link ServerList}); each distinct retry reason is shown once on {@code err}.
   */
  LlmBackend openBackend(PrintWriter err, String commandName) {
    if (backend.equals("llamacpp")) {
      try {
        return Backends.llamaCpp(Path.of(model), ctxSize, parallel, threads, contextLength, Verbosity.verbose());
      } catch (IllegalArgumentException e) {
        throw new InputException(e.getMessage());
      }
    }
    Endpoint ep = parsedEndpoint();
    Strategy strat = parsedStrategy();
    Backends.HttpSettings http = new Backends.HttpSettings(ep, model, apiKeyEnv, concurrency, Duration.ofSeconds(timeoutSeconds),
        maxRetries, contextLength);
    return servers().open(url -> {
      Set<String> retryReasons = ConcurrentHashMap.newKeySet();
      try {
        return Backends.openAiBuilder(url, http, strat, (retry, max, reason, delay) -> {
          if (!retryReasons.add(reason)) return; // each distinct reason once, not once per call and retry
          err.printf("%s: retry %d/%d in %d ms: %s (later retries for the same reason not shown)%n", commandName, retry, max,
              delay.toMillis(), reason);
          err.flush();
        });
      } catch (IllegalArgumentException e) {
        throw new InputException(e.getMessage());
      }
    }, err, commandName);
  }
}
