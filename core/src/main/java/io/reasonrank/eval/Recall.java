package io.reasonrank.eval;

/**
 * trec_eval {@code recall.k} ({@code m_recall.c}): relevant documents in the top k divided by the
 * number of relevant judgments of the query; 0 when it has none.
 */
public record Recall(int k) implements Metric {
  public Recall {
    if (k < 1) throw new IllegalArgumentException("recall cutoff must be >= 1, got " + k);
  }

  @Override
  public String name() {
    return "recall_" + k;
  }

  @Override
  public double compute(JudgedRanking r) {
    return r.numRel() == 0 ? 0.0 : (double) r.relevantRetrieved(k) / r.numRel();
  }
}
