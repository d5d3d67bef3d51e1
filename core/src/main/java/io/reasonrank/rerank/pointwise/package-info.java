/**
 * The Rank1 pointwise reasoning baseline the paper compares cost with (docs/reference-behaviour.md §11): one call per
 * candidate with {@link io.reasonrank.rerank.pointwise.Rank1Prompt}, its true/false judgment turned into a relevance by
 * {@link io.reasonrank.rerank.pointwise.Rank1Scorer}, run by {@link io.reasonrank.rerank.pointwise.PointwiseReranker}.
 */
package io.reasonrank.rerank.pointwise;
