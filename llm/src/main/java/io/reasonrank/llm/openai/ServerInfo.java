package io.reasonrank.llm.openai;

import java.util.List;
import java.util.OptionalInt;

/**
 * What {@link OpenAiBackend#probe()} learnt from the server before the first generation.
 *
 * @param model the model every request names (the configured one, or the one the server lists)
 * @param server which server it looks like ({@code vllm}, {@code sglang}, {@code llama.cpp}, {@code ollama}, or
 *     {@code unknown}), from {@code owned_by} and the fields of its model list
 * @param contextLength the context the server enforces per request, where it reports it
 * @param contextSource where {@code contextLength} was read, e.g. {@code GET /props default_generation_settings.n_ctx}
 * @param notes what a user should know, e.g. that only the training context is reported
 */
public record ServerInfo(String model, String server, OptionalInt contextLength, String contextSource, List<String> notes) {
  public ServerInfo {
    notes = List.copyOf(notes);
  }
}
