/**
 * Reranking strategies behind the {@link io.reasonrank.rerank.Reranker} seam: the reference's
 * {@link io.reasonrank.rerank.SlidingWindowReranker} (windows of 20 sliding back to front, step 10; docs/reference-behaviour.md §3),
 * and this project's {@link io.reasonrank.rerank.FullListReranker} and {@link io.reasonrank.rerank.TopDownReranker} (Parry et al.,
 * SIGIR 2024; §13.7). Each window is one listwise call; its {@link io.reasonrank.rerank.WindowTrace} explains the result,
 * {@link io.reasonrank.rerank.ScoreMode} sets the written scores (positional by default, §3 step 6), and
 * {@link io.reasonrank.rerank.RerankRunWriter} writes the run as the reference does (§5.5).
 */
package io.reasonrank.rerank;
