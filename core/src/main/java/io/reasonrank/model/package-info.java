/**
 * Value records shared by every module: a {@link io.reasonrank.model.Query}, a {@link io.reasonrank.model.Document},
 * a first-stage {@link io.reasonrank.model.Candidate} (document plus score), a {@link io.reasonrank.model.RerankRequest}
 * (a query with its candidates in first-stage order, rank_llm's {@code Request}) and a {@link io.reasonrank.model.ScoredDoc}
 * (one line of a TREC run). They hold data only; behaviour lives in the packages that use them.
 */
package io.reasonrank.model;
