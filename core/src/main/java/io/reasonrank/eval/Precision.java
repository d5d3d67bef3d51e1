package io.reasonrank.eval;

/**
 * trec_eval {@code P.k} ({@code m_P.c}): relevant documents in the top k divided by k, even when
 * fewer than k were retrieved (the missing ranks count as non-relevant).
 */
public record Precision(int k) implements Metric {
  public Precision {
    if (k < 1) throw new IllegalArgumentException("P cutoff must be >= 1, got " + k);
  }

  @Override
  public String name() {
    return "P_" + k;
  }

  @Override
  public double compute(JudgedRanking r) {
    return (double) r.relevantRetrieved(k) / k;
  }
}
