/**
 * The reranking library under {@code reasonrank rerank} and {@code reasonrank serve}, for Java programs too:
 * {@link io.reasonrank.pipeline.Strategy} (the one factory of the four strategies' rerankers),
 * {@link io.reasonrank.pipeline.Backends} (OpenAI-compatible servers and llama.cpp, opened as the CLI opens them),
 * {@link io.reasonrank.pipeline.RerankPipeline} (a run with resume checkpoint and completion cache),
 * {@link io.reasonrank.pipeline.Checkpoint}, {@link io.reasonrank.pipeline.CallRecorder} and
 * {@link io.reasonrank.pipeline.MaxTokensBackend} (the decorators), and {@link io.reasonrank.pipeline.PromptPlan}
 * (the dry-run cost model and the context check, built on each strategy's own call plan). See docs/library.md.
 */
package io.reasonrank.pipeline;
