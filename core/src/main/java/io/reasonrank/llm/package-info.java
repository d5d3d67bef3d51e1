/**
 * The seam between rerankers and a model: {@link io.reasonrank.llm.LlmBackend} takes an {@link io.reasonrank.llm.LlmRequest}
 * (chat messages and the rendered ChatML prompt, docs/reference-behaviour.md §1.6–§1.7, with {@link io.reasonrank.llm.SamplingParams},
 * §2) and returns a {@link io.reasonrank.llm.Completion} or throws an {@link io.reasonrank.llm.LlmException}.
 * {@link io.reasonrank.llm.ContextBudget} is the context check run before generating; {@link io.reasonrank.llm.ForwardingLlmBackend}
 * is the base of decorators. Implementations live in the {@code llm} module.
 */
package io.reasonrank.llm;
