package io.reasonrank.eval;

/** trec_eval {@code recip_rank} ({@code m_recip_rank.c}): 1 / rank of the first relevant document, 0 if none is retrieved. */
public record ReciprocalRank() implements Metric {
  @Override
  public String name() {
    return "recip_rank";
  }

  @Override
  public double compute(JudgedRanking r) {
    for (int i = 0; i < r.numRet(); i++) if (r.relevant(i)) return 1.0 / (i + 1);
    return 0.0;
  }
}
