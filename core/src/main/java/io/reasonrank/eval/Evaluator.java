package io.reasonrank.eval;

import io.reasonrank.eval.TrecOrder.ScorePrecision;
import io.reasonrank.format.InputException;
import io.reasonrank.format.Qrels;
import io.reasonrank.format.Run;
import io.reasonrank.model.ScoredDoc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates runs against qrels exactly as trec_eval 9/10 and pytrec_eval 0.5 do (docs/reference-behaviour.md §5.4): each
 * query's hits are ranked by {@link TrecOrder}, judged with the qrels, and every {@link Metric} is
 * computed; the mean is over the queries present in both run and qrels. Run queries without qrels
 * are skipped. Judged queries without a run line are ignored (trec_eval without {@code -c}, and
 * pytrec_eval); with {@code averageComplete} (trec_eval {@code -c}) they count as 0 on every measure
 * and the mean divides by the number of judged queries.
 */
public final class Evaluator {
  private final List<Metric> metrics;
  private final int relevanceLevel;
  private final ScorePrecision precision;
  private final boolean averageComplete;

  public Evaluator(List<Metric> metrics, int relevanceLevel, ScorePrecision precision, boolean averageComplete) {
    if (metrics.isEmpty()) throw new IllegalArgumentException("metrics must not be empty");
    if (relevanceLevel < 1) throw new IllegalArgumentException("relevanceLevel must be >= 1, got " + relevanceLevel);
    this.metrics = List.copyOf(metrics);
    this.relevanceLevel = relevanceLevel;
    this.precision = java.util.Objects.requireNonNull(precision, "precision");
    this.averageComplete = averageComplete;
  }

  /** pytrec_eval 0.5 semantics: relevance level 1, float scores, mean over evaluated queries. */
  public static Evaluator pytrecEval(List<Metric> metrics) {
    return new Evaluator(metrics, 1, ScorePrecision.FLOAT, false);
  }

  public List<Metric> metrics() {
    return metrics;
  }

  /** Judges one query's hits: trec_eval's RES_RELS. */
  public JudgedRanking judge(List<ScoredDoc> hits, Map<String, Integer> judgments) {
    List<ScoredDoc> ranked = TrecOrder.sort(hits, precision);
    int[] rels = new int[ranked.size()];
    for (int i = 0; i < rels.length; i++) {
      Integer rel = judgments.get(ranked.get(i).docid());
      rels[i] = rel == null ? JudgedRanking.UNJUDGED : Math.max(rel, JudgedRanking.UNJUDGED);
    }
    int numRel = 0;
    int positives = 0;
    for (int rel : judgments.values()) {
      if (rel >= relevanceLevel) numRel++;
      if (rel > 0) positives++;
    }
    int[] ideal = new int[positives];
    int j = 0;
    for (int rel : judgments.values()) if (rel > 0) ideal[j++] = rel;
    Arrays.sort(ideal);
    for (int a = 0, b = ideal.length - 1; a < b; a++, b--) {
      int t = ideal[a];
      ideal[a] = ideal[b];
      ideal[b] = t;
    }
    return new JudgedRanking(rels, ideal, numRel, relevanceLevel);
  }

  public double[] evaluateQuery(List<ScoredDoc> hits, Map<String, Integer> judgments) {
    JudgedRanking r = judge(hits, judgments);
    double[] v = new double[metrics.size()];
    for (int i = 0; i < v.length; i++) v[i] = metrics.get(i).compute(r);
    return v;
  }

  /**
   * Evaluates a run. A run and qrels with no query in common is an {@link InputException}: it is
   * almost always a wrong file pair, and trec_eval's silent all-zero output hides it.
   */
  public Evaluation evaluate(Qrels qrels, Run run) {
    List<String> qids = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (String q : run.queryIds()) {
      if (qrels.contains(q)) qids.add(q);
      else skipped.add(q);
    }
    if (qids.isEmpty()) {
      throw new InputException("the run and the qrels have no query in common (run queries: " + run.size()
          + ", e.g. '" + run.queryIds().iterator().next() + "'; judged queries: " + qrels.queryIds().size()
          + ", e.g. '" + qrels.queryIds().iterator().next() + "')");
    }
    qids.sort(TrecOrder::compareBytes);
    List<String> missing = new ArrayList<>();
    for (String q : qrels.queryIds()) if (!run.asMap().containsKey(q)) missing.add(q);
    missing.sort(TrecOrder::compareBytes);

    Map<String, double[]> perQuery = new LinkedHashMap<>();
    double[] sums = new double[metrics.size()];
    for (String q : qids) {
      double[] v = evaluateQuery(run.hits(q), qrels.judgments(q));
      perQuery.put(q, v);
      for (int i = 0; i < v.length; i++) sums[i] += v[i];
    }
    int divisor = averageComplete ? qrels.queryIds().size() : qids.size();
    double[] means = new double[sums.length];
    for (int i = 0; i < sums.length; i++) means[i] = sums[i] / divisor;
    return new Evaluation(metrics, perQuery, means, divisor, skipped, missing);
  }
}
