package io.reasonrank.rerank;

/** How a reranked list's scores are set; the scores are what the output run prints and trec_eval sorts by. */
public enum ScoreMode {
  /**
   * The reference's rule (docs/reference-behaviour.md §3 step 6): scores stay attached to positions, so the final list carries
   * the first-stage scores in their original descending order. Candidates whose first-stage scores tie at
   * six decimals are re-sorted by docid by trec_eval (§5.4), which is part of the reported numbers.
   */
  POSITIONAL,
  /**
   * Score = {@code n - i} for the candidate at 0-based position {@code i} of a list of {@code n}: strictly
   * decreasing integers, so no two scores tie after {@code %.6f} and trec_eval keeps exactly the LLM's
   * order ({@code 1/rank} would tie at six decimals beyond about 1,400 candidates).
   */
  BY_NEW_RANK
}
