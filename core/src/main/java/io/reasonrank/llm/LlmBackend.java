package io.reasonrank.llm;

import java.util.OptionalInt;

/**
 * The seam between rerankers and a model. Implementations: an OpenAI-compatible HTTP server (vLLM,
 * SGLang, llama.cpp server, Ollama), llama.cpp in process, and decorators such as the completion cache.
 *
 * <p>{@link #complete} blocks and is called from many threads at once (one virtual thread per query);
 * an implementation bounds its own concurrency and reports it through {@link #capacity()} so schedulers
 * keep that many requests in flight.
 */
public interface LlmBackend extends AutoCloseable {

  /** Generates one completion. Throws {@link LlmException} when it finally fails. */
  Completion complete(LlmRequest request);

  /** The model name as the backend reports it; part of every cache key. */
  String model();

  /** How many requests this backend serves at once (server slots, parallel sequences). */
  default int capacity() {
    return 1;
  }

  /** The served model's context window in tokens, where the backend knows it. */
  default OptionalInt contextLength() {
    return OptionalInt.empty();
  }

  @Override
  default void close() {}
}
