/**
 * Running a reranker over many queries: {@link io.reasonrank.rerank.schedule.RerankScheduler} keeps many queries in flight
 * (each query's windows in order), or replays the reference's lock-step batches (docs/reference-behaviour.md §3, batched
 * variant; §13.8) with {@link io.reasonrank.rerank.schedule.LockstepBatches} and {@link io.reasonrank.rerank.schedule.LockstepBackend}.
 * {@link io.reasonrank.rerank.schedule.QueryOutcome} is each query's result and {@link io.reasonrank.rerank.schedule.Progress} the
 * progress callback's value.
 */
package io.reasonrank.rerank.schedule;
