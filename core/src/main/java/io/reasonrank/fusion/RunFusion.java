package io.reasonrank.fusion;

import io.reasonrank.eval.TrecOrder;
import io.reasonrank.eval.TrecOrder.ScorePrecision;
import io.reasonrank.format.Run;
import io.reasonrank.model.ScoredDoc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Fuses several runs of the same queries into one (hybrid first stages, docs/reference-behaviour.md §13.3). Each input
 * query list is first put in trec_eval order ({@link TrecOrder}, double scores, a repeated docid
 * keeps its last score) and cut to {@code depth}; the fused list is sorted by fused score
 * descending, ties by docid descending (trec_eval's order, so the written file and its evaluation
 * agree), and cut to {@code hits}. Queries are the union over the runs, in first-seen order.
 */
public final class RunFusion {
  private RunFusion() {}

  /** Pyserini's and Cormack et al.'s default RRF constant. */
  public static final int DEFAULT_RRF_K = 60;

  /** Size limits: documents taken from each input list, and documents kept per fused query. */
  public record Limits(int depth, int hits) {
    public Limits {
      if (depth < 1) throw new IllegalArgumentException("depth must be >= 1, got " + depth);
      if (hits < 1) throw new IllegalArgumentException("hits must be >= 1, got " + hits);
    }
  }

  /**
   * Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): score(d) = Σ_runs 1 / (k + rank_run(d)),
   * rank starting at 1, a run that does not retrieve d adds nothing.
   */
  public static Map<String, List<ScoredDoc>> rrf(List<Run> runs, int k, Limits limits) {
    if (k < 0) throw new IllegalArgumentException("k must be >= 0, got " + k);
    requireRuns(runs);
    Map<String, List<ScoredDoc>> out = new LinkedHashMap<>();
    for (String q : queries(runs)) {
      Map<String, Double> fused = new HashMap<>();
      for (Run run : runs) {
        List<ScoredDoc> ranked = ranked(run, q, limits.depth());
        for (int i = 0; i < ranked.size(); i++) fused.merge(ranked.get(i).docid(), 1.0 / (k + i + 1), Double::sum);
      }
      out.put(q, top(fused, limits.hits()));
    }
    return out;
  }

  /**
   * Min-max normalised score interpolation: score(d) = Σ_i w_i · (s_i(d) − min_i) / (max_i − min_i) over
   * each run's top-{@code depth} list of the query; a run that did not retrieve d contributes 0. When
   * all of a run's scores for a query are equal (a single hit, for instance), each of its documents
   * normalises to 1, since each is that run's best.
   */
  public static Map<String, List<ScoredDoc>> interpolate(List<Run> runs, List<Double> weights, Limits limits) {
    requireRuns(runs);
    if (weights.size() != runs.size()) {
      throw new IllegalArgumentException("expected one weight per run (" + runs.size() + "), got " + weights.size());
    }
    for (Double w : weights) {
      if (w == null || !Double.isFinite(w)) throw new IllegalArgumentException("weights must be finite numbers, got " + weights);
    }
    Map<String, List<ScoredDoc>> out = new LinkedHashMap<>();
    for (String q : queries(runs)) {
      Map<String, Double> fused = new HashMap<>();
      for (int r = 0; r < runs.size(); r++) {
        List<ScoredDoc> ranked = ranked(runs.get(r), q, limits.depth());
        if (ranked.isEmpty()) continue;
        double max = ranked.get(0).score(), min = ranked.get(ranked.size() - 1).score();
        double w = weights.get(r);
        for (ScoredDoc d : ranked) {
          double norm = max > min ? (d.score() - min) / (max - min) : 1.0;
          fused.merge(d.docid(), w * norm, Double::sum);
        }
      }
      out.put(q, top(fused, limits.hits()));
    }
    return out;
  }

  /** Equal weights 1/n. */
  public static List<Double> equalWeights(int n) {
    List<Double> w = new ArrayList<>();
    for (int i = 0; i < n; i++) w.add(1.0 / n);
    return w;
  }

  private static void requireRuns(List<Run> runs) {
    Objects.requireNonNull(runs, "runs");
    if (runs.size() < 2) throw new IllegalArgumentException("fusion needs at least 2 runs, got " + runs.size());
  }

  private static Set<String> queries(List<Run> runs) {
    Set<String> qs = new LinkedHashSet<>();
    for (Run r : runs) qs.addAll(r.queryIds());
    return qs;
  }

  private static List<ScoredDoc> ranked(Run run, String q, int depth) {
    List<ScoredDoc> sorted = TrecOrder.sort(run.hits(q), ScorePrecision.DOUBLE);
    return sorted.size() > depth ? sorted.subList(0, depth) : sorted;
  }

  private static List<ScoredDoc> top(Map<String, Double> fused, int hits) {
    List<ScoredDoc> l = new ArrayList<>(fused.size());
    fused.forEach((d, s) -> l.add(new ScoredDoc(d, s)));
    l.sort(TrecOrder.comparator(ScorePrecision.DOUBLE));
    return l.size() > hits ? new ArrayList<>(l.subList(0, hits)) : l;
  }
}
