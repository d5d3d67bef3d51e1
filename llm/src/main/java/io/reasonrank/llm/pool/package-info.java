/**
 * Several OpenAI-compatible servers as one backend: {@link io.reasonrank.llm.pool.OpenAiServerPool} builds a
 * {@link io.reasonrank.llm.route.ServerPool} of {@link io.reasonrank.llm.openai.OpenAiBackend}s probed with
 * {@link io.reasonrank.llm.pool.ModelsProbe}; {@link io.reasonrank.llm.pool.BaseUrlList} reads a list of server URLs.
 * See {@code docs/scale-out.md}.
 */
package io.reasonrank.llm.pool;
