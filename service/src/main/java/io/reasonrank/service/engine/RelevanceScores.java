package io.reasonrank.service.engine;

/**
 * The {@code relevance_score} every API reports. A listwise reranker yields an order, not calibrated
 * scores, so the score is the reciprocal rank of the document in the final order:
 * <pre>relevance_score(r) = 1 / r,   r = 1, 2, …, n (1 = best)</pre>
 * It lies in (0, 1], is 1 for the top document and strictly decreases down the list, so clients that sort
 * by score (LangChain4j, Elasticsearch, OpenSearch) recover the reranked order exactly, and it does not depend
 * on how many documents the request had. It is not a probability: do not threshold it across queries.
 */
public final class RelevanceScores {
  private RelevanceScores() {}

  /** The score of the document at 0-based position {@code position} of the final order. */
  public static double atPosition(int position) {
    if (position < 0) throw new IllegalArgumentException("position must be >= 0, got " + position);
    return 1.0 / (position + 1);
  }

  /** Scores in input order: {@code scores[i]} is the score of input document i under {@code order}. */
  public static double[] inInputOrder(java.util.List<Integer> order) {
    double[] s = new double[order.size()];
    for (int p = 0; p < order.size(); p++) s[order.get(p)] = atPosition(p);
    return s;
  }
}
