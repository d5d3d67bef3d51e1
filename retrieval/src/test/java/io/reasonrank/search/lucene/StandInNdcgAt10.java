package io.reasonrank.search.lucene;

import io.reasonrank.format.Qrels;
import io.reasonrank.format.Run;
import io.reasonrank.model.ScoredDoc;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Test-only stand-in for trec_eval's {@code ndcg_cut.10} with {@code -c}, until {@code io.reasonrank.eval}
 * lands (replace the calls with it then). trec_eval semantics: the run's rank column is ignored and hits
 * are re-sorted by score descending, then docid descending; gain is the judged relevance (≤ 0 counts as 0),
 * discount {@code log2(rank + 1)}; the ideal list is built from all qrels; the mean is over every qrels
 * query ({@code -c}: a query absent from the run scores 0).
 */
public final class StandInNdcgAt10 {
  private StandInNdcgAt10() {}

  public static double mean(Run run, Qrels qrels) {
    double sum = 0;
    for (String qid : qrels.queryIds()) sum += query(run.hits(qid), qrels.judgments(qid));
    return sum / qrels.queryIds().size();
  }

  public static double query(List<ScoredDoc> hits, Map<String, Integer> judged) {
    List<ScoredDoc> sorted = new ArrayList<>(hits);
    sorted.sort(Comparator.comparingDouble(ScoredDoc::score).reversed()
        .thenComparing(ScoredDoc::docid, Comparator.reverseOrder()));
    double dcg = 0;
    for (int i = 0; i < Math.min(10, sorted.size()); i++) {
      int rel = judged.getOrDefault(sorted.get(i).docid(), 0);
      if (rel > 0) dcg += rel / log2(i + 2);
    }
    List<Integer> ideal = judged.values().stream().filter(r -> r > 0).sorted(Comparator.reverseOrder()).toList();
    double idcg = 0;
    for (int i = 0; i < Math.min(10, ideal.size()); i++) idcg += ideal.get(i) / log2(i + 2);
    return idcg == 0 ? 0 : dcg / idcg;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
