package io.reasonrank.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-query values and their means ({@code all}) for one run.
 *
 * @param metrics the measures, in print order
 * @param perQuery query id → one value per metric (same order), queries in trec_eval's qid order
 * @param means the {@code all} value per metric: Σ values / divisor
 * @param divisor queries averaged over: evaluated queries, or every judged query with {@code -c}
 * @param skippedRunQueries run queries with no qrels (skipped, as trec_eval and pytrec_eval do)
 * @param missingJudgedQueries judged queries with no run line (ignored, or 0 with {@code -c})
 */
public record Evaluation(
    List<Metric> metrics,
    Map<String, double[]> perQuery,
    double[] means,
    int divisor,
    List<String> skippedRunQueries,
    List<String> missingJudgedQueries) {

  public Evaluation {
    metrics = List.copyOf(metrics);
    perQuery = Collections.unmodifiableMap(new LinkedHashMap<>(perQuery));
    means = means.clone();
    skippedRunQueries = List.copyOf(skippedRunQueries);
    missingJudgedQueries = List.copyOf(missingJudgedQueries);
  }

  public int index(String metricName) {
    for (int i = 0; i < metrics.size(); i++) if (metrics.get(i).name().equals(metricName)) return i;
    throw new IllegalArgumentException("measure not evaluated: " + metricName);
  }

  public double mean(String metricName) {
    return means[index(metricName)];
  }

  /** Per-query values of one measure, in query order. */
  public Map<String, Double> values(String metricName) {
    int i = index(metricName);
    Map<String, Double> out = new LinkedHashMap<>();
    perQuery.forEach((q, v) -> out.put(q, v[i]));
    return out;
  }

  public int queryCount() {
    return perQuery.size();
  }
}
