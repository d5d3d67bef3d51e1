/**
 * The reranking engine behind the HTTP service and the framework integrations: one query and its documents
 * in, one full reordering (with the trace of every LLM call and the fallbacks taken) out, under a deadline.
 *
 * <p>{@link io.reasonrank.service.engine.RerankEngine} is the seam; {@link io.reasonrank.service.engine.ReasonRankEngine}
 * is the implementation over core's rerankers and one shared {@link io.reasonrank.llm.LlmBackend}. The score formula
 * every dialect reports lives in {@link io.reasonrank.service.engine.RelevanceScores}.
 */
package io.reasonrank.service.engine;
