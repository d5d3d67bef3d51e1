/**
 * LangChain4j {@link dev.langchain4j.model.scoring.ScoringModel}s for ReasonRank: {@link io.reasonrank.langchain4j.ReasonRankScoringModel}
 * calls a running service, {@link io.reasonrank.langchain4j.RerankerScoringModel} reranks in process. Both give one score
 * per segment in input order, 1 / rank of the segment in ReasonRank's order (see docs/serving.md), so
 * {@code ReRankingContentAggregator} keeps exactly ReasonRank's order.
 */
package io.reasonrank.langchain4j;
