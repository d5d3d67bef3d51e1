package io.reasonrank.eval;

/**
 * trec_eval {@code map} ({@code m_map.c}): AP = (1/R) Σ_{r: doc r relevant} P@r, R = relevant
 * judgments of the query (relevant documents not retrieved contribute 0); 0 when R = 0.
 */
public record AveragePrecision() implements Metric {
  @Override
  public String name() {
    return "map";
  }

  @Override
  public double compute(JudgedRanking r) {
    if (r.numRel() == 0) return 0.0;
    double sum = 0;
    int relSoFar = 0;
    for (int i = 0; i < r.numRet(); i++) {
      if (r.relevant(i)) {
        relSoFar++;
        sum += (double) relSoFar / (i + 1);
      }
    }
    return sum / r.numRel();
  }
}
