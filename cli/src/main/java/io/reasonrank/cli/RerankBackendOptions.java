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
import picocli.CommandLine.Option;

/**
 * The backend, strategy, mode, window, passage, concurrency, retry and cache options of {@code serve}, spelled and
 * defaulted as {@code rerank} spells them (a picocli mixin), with their validation and the backend they open.
 * {@code rerank} still declares its own copies; once its library logic moves below the CLI both share this.
 */
final class RerankBackendOptions {
  @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset name, sets the passage length (100 for TREC/BEIR, 512 for BRIGHT/R2MED), e.g. dl19, bright-biology.")
  String dataset;

  @Option(names = "--max-passage-tokens", paramLabel = "N", description = "Passage truncation in model tokens (overrides --dataset).")
  Integer maxPassageTokens;

  @Option(names = "--backend", defaultValue = "openai", description = "openai (any OpenAI-compatible server) or llamacpp (in process). Default: ${DEFAULT-VALUE}.")
  String backend;

  @Option(names = "--base-url", defaultValue = "http://localhost:8000/v1", description = "OpenAI-compatible server. Default: ${DEFAULT-VALUE}.")
  String baseUrl;

  @Option(names = "--model", paramLabel = "M", description = "openai: the served model name (default: the one model the server lists); llamacpp: the .gguf file.")
  String model;

  @Option(names = "--endpoint", defaultValue = "completions", description = "completions (the exact reference prompt, faithful) or chat (the server's chat template). Default: ${DEFAULT-VALUE}.")
  String endpoint;

  @Option(names = "--api-key-env", defaultValue = "OPENAI_API_KEY", paramLabel = "VAR", description = "Environment variable holding the model server's API key. Default: ${DEFAULT-VALUE}.")
  String apiKeyEnv;

  @Option(names = "--concurrency", defaultValue = "8", description = "LLM requests in flight at once (server slots), shared by all HTTP requests. Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(names = "--timeout", defaultValue = "600", paramLabel = "SECONDS", description = "Per-LLM-request timeout. Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds;

  @Option(names = "--max-retries", defaultValue = "5", description = "Retries of a failed LLM request (429/5xx/network) with backoff. Default: ${DEFAULT-VALUE}.")
  int maxRetries;

  @Option(names = "--context-length", paramLabel = "N", description = "The model's context window, if the server misreports it (default: asked from the server / the GGUF).")
  Integer contextLength;

  @Option(names = "--max-tokens", paramLabel = "N", description = "Override max_tokens per call (default: the mode's, docs/reference-behaviour.md §2: 3172 for reasoning modes).")
  Integer maxTokens;

  @Option(names = "--parallel", defaultValue = "1", description = "llamacpp: parallel sequences (slots). Default: ${DEFAULT-VALUE}.")
  int parallel;

  @Option(names = "--threads", defaultValue = "0", description = "llamacpp: CPU threads (0 = all). Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(names = "--ctx-size", defaultValue = "0", description = "llamacpp: total context (0 = the model's, capped at 32768). Default: ${DEFAULT-VALUE}.")
  int ctxSize;

  @Option(names = "--mode", defaultValue = "rank_GPT_reasoning", description = "rank_GPT_reasoning (ReasonRank-7B), rank_GPT_qwen3 (ReasonRank-8B) or rank_GPT (no reasoning). Default: ${DEFAULT-VALUE}.")
  String mode;

  @Option(names = "--strategy", defaultValue = "sliding", description = "sliding (the paper's), full (one window over the top), topdown (TDPart pivots) or pointwise (Rank1). Default: ${DEFAULT-VALUE}.")
  String strategy;

  @Option(names = "--window", defaultValue = "20", description = "Passages per listwise call. Default: ${DEFAULT-VALUE}.")
  int window;

  @Option(names = "--step", defaultValue = "10", description = "Sliding-window step. Default: ${DEFAULT-VALUE}.")
  int step;

  @Option(names = "--top", defaultValue = "100", description = "Documents reranked per request; the rest keep their order beneath. Default: ${DEFAULT-VALUE}.")
  int top;

  @Option(names = "--score-mode", defaultValue = "positional", description = "positional or rank (as rerank; the HTTP scores are always 1/rank). Default: ${DEFAULT-VALUE}.")
  String scoreMode;

  @Option(names = "--tokenizer", paramLabel = "DIR", description = "Folder (or file) with tokenizer.json[.gz] (default: the bundled tokenizer of the mode's checkpoint: Qwen2.5, or Qwen3 for rank_GPT_qwen3).")
  Path tokenizerPath;

  @Option(names = "--max-queries-in-flight", defaultValue = "0", description = "Requests reranked at once (0 = 2 x concurrency + 16). Default: ${DEFAULT-VALUE}.")
  int maxQueriesInFlight;

  @Option(names = "--cache", paramLabel = "FILE.sqlite", description = "Completion cache shared by all requests (default: a temporary one for the server's lifetime).")
  Path cacheFile;

  @Option(names = "--no-cache", description = "Do not cache completions (identical concurrent requests then each ask the model).")
  boolean noCache;

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
    if (maxTokens != null && maxTokens < 1) throw new InputException("--max-tokens must be >= 1, got " + maxTokens);
    if (backend.equals("llamacpp") && model == null) throw new InputException("--backend llamacpp needs --model FILE.gguf");
    if (concurrency < 1) throw new InputException("--concurrency must be >= 1, got " + concurrency);
    if (maxQueriesInFlight < 0) throw new InputException("--max-queries-in-flight must be >= 0, got " + maxQueriesInFlight);
    if (noCache && cacheFile != null) throw new InputException("--cache and --no-cache exclude each other");
  }

  /** The cache key's name for the endpoint, as {@code rerank} names it. */
  String backendKind() {
    return backend.equals("openai") ? "openai-" + endpoint + " " + baseUrl : "llamacpp";
  }

  /** Opens the backend through the library's {@link Backends}, as {@code rerank} does (same retries, timeouts, context override, Rank1's special tokens). */
  LlmBackend openBackend(PrintWriter err, String commandName) {
    try {
      if (backend.equals("llamacpp")) return Backends.llamaCpp(Path.of(model), ctxSize, parallel, threads, contextLength);
      return Backends.openAi(baseUrl, new Backends.HttpSettings(parsedEndpoint(), model, apiKeyEnv, concurrency,
          Duration.ofSeconds(timeoutSeconds), maxRetries, contextLength), parsedStrategy(), (retry, max, reason, delay) -> {
            err.printf("%s: retry %d/%d in %d ms: %s%n", commandName, retry, max, delay.toMillis(), reason);
            err.flush();
          });
    } catch (IllegalArgumentException e) {
      throw new InputException(e.getMessage());
    }
  }
}
