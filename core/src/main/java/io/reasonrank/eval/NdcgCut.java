package io.reasonrank.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * trec_eval {@code ndcg_cut.k} ({@code m_ndcg_cut.c}, Järvelin and Kekäläinen 2002):
 * nDCG@k = DCG@k / IDCG@k with DCG@k = Σ_{r=1..min(k,n)} gain(r) / log2(r+1), where gain is the qrels
 * value of the document at rank r when positive (unjudged and non-relevant add nothing), and IDCG@k is
 * the same sum over all positive qrels values of the query sorted descending (relevant documents the
 * run did not retrieve included). 0 when the query has no positive judgment.
 */
public record NdcgCut(int k) implements Metric {
  public NdcgCut {
    if (k < 1) throw new IllegalArgumentException("ndcg_cut cutoff must be >= 1, got " + k);
  }

  @Override
  public String name() {
    return "ndcg_cut_" + k;
  }

  @Override
  public double compute(JudgedRanking r) {
    double ideal = idcg(r);
    return ideal > 0 ? dcg(r) / ideal : 0.0;
  }

  double dcg(JudgedRanking r) {
    int[] rels = r.rels();
    double sum = 0;
    for (int i = 0, end = Math.min(k, rels.length); i < end; i++) {
      if (rels[i] > 0) sum += rels[i] / log2(i + 2);
    }
    return sum;
  }

  double idcg(JudgedRanking r) {
    int[] g = r.idealGains();
    double sum = 0;
    for (int i = 0, end = Math.min(k, g.length); i < end; i++) sum += g[i] / log2(i + 2);
    return sum;
  }

  /** One rank of an nDCG explanation: the gain, the discount log2(rank+1) and the running DCG. */
  public record Step(int rank, int rel, double discount, double cumulativeDcg, int idealGain, double cumulativeIdcg) {}

  /** Rank-by-rank gains and discounts up to k, for {@code reasonrank eval --explain}. */
  public List<Step> explain(JudgedRanking r) {
    List<Step> steps = new ArrayList<>();
    double dcg = 0, idcg = 0;
    int n = Math.min(k, Math.max(r.rels().length, r.idealGains().length));
    for (int i = 0; i < n; i++) {
      int rel = i < r.rels().length ? r.rels()[i] : 0;
      int ig = i < r.idealGains().length ? r.idealGains()[i] : 0;
      double disc = log2(i + 2);
      if (rel > 0) dcg += rel / disc;
      idcg += ig / disc;
      steps.add(new Step(i + 1, rel, disc, dcg, ig, idcg));
    }
    return steps;
  }

  static double log2(double x) {
    return Math.log(x) / Math.log(2.0);
  }
}
