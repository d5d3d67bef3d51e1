package io.reasonrank.eval;

/**
 * One trec_eval measure at one parameter (a cutoff), computed for one query from its judged ranking.
 * Implementations follow trec_eval 9/10 ({@code m_*.c}) with relevance level 1 (docs/reference-behaviour.md §5.4).
 */
public interface Metric {
  /** The name as trec_eval prints it, e.g. {@code ndcg_cut_10}, {@code P_5}, {@code map}. */
  String name();

  /** The value for one query. */
  double compute(JudgedRanking ranking);
}
