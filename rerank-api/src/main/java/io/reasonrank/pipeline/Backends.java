package io.reasonrank.pipeline;

import io.reasonrank.llm.ForwardingLlmBackend;
import io.reasonrank.llm.LlmBackend;
import io.reasonrank.llm.llamacpp.LlamaCppBackend;
import io.reasonrank.llm.openai.Endpoint;
import io.reasonrank.llm.openai.OpenAiBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Opens the model backends as {@code reasonrank rerank} and {@code serve} open them: an OpenAI-compatible server
 * (vLLM, SGLang, llama.cpp's server) with retries, timeout and slots, or llama.cpp in process; a user's
 * {@code --context-length} overrides what either reports; Rank1 (the pointwise strategy) gets its answers with
 * special tokens kept ({@code skip_special_tokens: false}, docs/reference-behaviour.md §11). A pool of several
 * servers is {@link io.reasonrank.llm.pool.OpenAiServerPool} over {@link #openAi} per URL.
 */
public final class Backends {
  private Backends() {}

  /**
   * The settings of one OpenAI-compatible server.
   *
   * @param endpoint {@link Endpoint#COMPLETIONS} (the exact reference prompt) or {@link Endpoint#CHAT}
   * @param model the served model name; null: the one model the server lists
   * @param apiKeyEnv the environment variable holding the API key (unset or null: none sent)
   * @param concurrency requests in flight at once (the server's slots), at least 1
   * @param timeout per-request timeout
   * @param maxRetries retries of a failed request (429, 5xx, network) with backoff
   * @param contextLength the context each request may use; null: asked from the server
   */
  public record HttpSettings(Endpoint endpoint, String model, String apiKeyEnv, int concurrency, Duration timeout, int maxRetries,
      Integer contextLength) {
    /** Completions endpoint, the server's one model, {@code OPENAI_API_KEY}, 8 slots, 600 s, 5 retries, the server's context. */
    public static final HttpSettings DEFAULT = new HttpSettings(Endpoint.COMPLETIONS, null, "OPENAI_API_KEY", 8,
        Duration.ofSeconds(600), 5, null);

    public HttpSettings {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  /**
   * One OpenAI-compatible server.
   *
   * @param strategy the strategy the backend serves (pointwise keeps special tokens)
   * @param retries told about each retry (the console shows them)
   * @throws IllegalArgumentException for a bad URL or setting (its message names it)
   */
  public static OpenAiBackend openAi(String baseUrl, HttpSettings s, Strategy strategy, OpenAiBackend.RetryListener retries) {
    return openAiBuilder(baseUrl, s, strategy, retries).build();
  }

  /** The builder {@link #openAi} builds, for callers that add settings (a pool: {@link OpenAiBackend.Builder#retryRefusedConnections}). */
  public static OpenAiBackend.Builder openAiBuilder(String baseUrl, HttpSettings s, Strategy strategy, OpenAiBackend.RetryListener retries) {
    OpenAiBackend.Builder b = OpenAiBackend.builder().baseUrl(baseUrl).endpoint(s.endpoint()).apiKeyEnv(s.apiKeyEnv())
        .maxConcurrency(s.concurrency()).requestTimeout(s.timeout()).maxRetries(s.maxRetries()).retryListener(retries);
    if (s.model() != null) b.model(s.model());
    if (s.contextLength() != null) b.contextLength(s.contextLength());
    // Rank1 reads its judgment with special tokens kept (docs/reference-behaviour.md §11: skip_special_tokens=False)
    if (strategy == Strategy.POINTWISE) b.extraBodyField("skip_special_tokens", false);
    return b;
  }

  /**
   * llama.cpp in process over a GGUF file.
   *
   * @param ctxSize total context (0 = the model's, capped at 32768)
   * @param parallel parallel sequences (slots)
   * @param threads CPU threads (0 = all)
   * @param contextLength overrides the context the engine reports; null: the engine's
   * @throws IllegalArgumentException when {@code gguf} is not a file
   */
  public static LlmBackend llamaCpp(Path gguf, int ctxSize, int parallel, int threads, Integer contextLength) {
    return llamaCpp(gguf, ctxSize, parallel, threads, contextLength, false);
  }

  /** As {@link #llamaCpp(Path, int, int, int, Integer)}; {@code verbose} lets llama.cpp log to stderr (the CLI's {@code --verbose}). */
  public static LlmBackend llamaCpp(Path gguf, int ctxSize, int parallel, int threads, Integer contextLength, boolean verbose) {
    if (!Files.isRegularFile(gguf)) throw new IllegalArgumentException("--model: no such GGUF file: " + gguf);
    return withContextLength(LlamaCppBackend.fromOptions(gguf, ctxSize, parallel, threads, verbose), contextLength);
  }

  /** {@code backend} reporting {@code contextLength} as its context (a user's override); itself when null. */
  public static LlmBackend withContextLength(LlmBackend backend, Integer contextLength) {
    if (contextLength == null) return backend;
    int ctx = contextLength;
    return new ForwardingLlmBackend(backend) {
      @Override
      public OptionalInt contextLength() {
        return OptionalInt.of(ctx);
      }
    };
  }
}
