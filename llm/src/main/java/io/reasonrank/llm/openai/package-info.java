/**
 * The {@link io.reasonrank.llm.LlmBackend} for OpenAI-compatible HTTP servers (vLLM, SGLang, llama.cpp's {@code llama-server},
 * Ollama): {@link io.reasonrank.llm.openai.OpenAiBackend} with retries, and {@link io.reasonrank.llm.openai.Endpoint}, which selects
 * {@code /v1/completions} (the reference's exact ChatML prompt, docs/reference-behaviour.md §1.6–§1.7) or {@code /v1/chat/completions}.
 */
package io.reasonrank.llm.openai;
