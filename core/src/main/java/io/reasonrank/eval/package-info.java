/**
 * Evaluation exactly as trec_eval 9/10 and pytrec_eval 0.5 compute it (docs/reference-behaviour.md §5.4): the
 * {@link io.reasonrank.eval.Evaluator} ranks each query's hits with {@link io.reasonrank.eval.TrecOrder} (score descending,
 * ties by docid descending), and each {@link io.reasonrank.eval.Metric} (map, recip_rank, P, recall, ndcg_cut) ports the
 * corresponding {@code m_*.c}. {@link io.reasonrank.eval.Measures} parses {@code -m} names (docs/reference-behaviour.md §13.1);
 * {@link io.reasonrank.eval.TrecEvalFormat} prints trec_eval's layout.
 */
package io.reasonrank.eval;
