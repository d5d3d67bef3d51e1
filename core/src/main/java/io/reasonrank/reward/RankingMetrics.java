package io.reasonrank.reward;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * nDCG@10 and Recall@10 of one ranked list against binary qrels, exactly as {@code pytrec_eval} 0.5
 * (trec_eval 9.0.x {@code m_ndcg_cut.c}, {@code m_recall.c}) computes them for the reward's call shape
 * (docs/reference-behaviour.md §6 step 5, §9): qrels {@code {docid: 1}} for the relevant ids and run {@code {docid: -(i+1)}}.
 *
 * <ul>
 *   <li>The run is a Python dict, so a docid listed twice keeps its <em>later</em>, lower score: it ranks at
 *       its last occurrence. Scores are distinct, so trec_eval's tie rule never applies.</li>
 *   <li>DCG adds {@code 1.0 / log2(i + 2)} for each relevant doc at 0-based rank {@code i < 10}; the ideal DCG
 *       adds the same for {@code i < min(|rel|, 10)} (relevant docs that were not retrieved count). With no
 *       relevant docs both measures are 0. Recall@10 = |rel ∩ top10| / |rel| over <em>unique</em> relevant ids.</li>
 *   <li>{@code log2} is the C library's correctly rounded value. Java's {@code log(x)/log(2)} is off by one ulp
 *       for 3, 9, 10 and 11, so the ranks use exact constants.</li>
 * </ul>
 */
public final class RankingMetrics {
  private RankingMetrics() {}

  /** The cutoff the reward and the self-consistency filter use. */
  public static final int CUTOFF = 10;

  /** {@code LOG2[n] = log2(n)} for n = 2..11, correctly rounded (CPython {@code math.log2} / glibc). */
  private static final double[] LOG2 = {
    Double.NaN, Double.NaN,
    0x1.0000000000000p+0, // 2
    0x1.95c01a39fbd68p+0, // 3
    0x1.0000000000000p+1, // 4
    0x1.2934f0979a371p+1, // 5
    0x1.4ae00d1cfdeb4p+1, // 6
    0x1.675767f54042dp+1, // 7
    0x1.8000000000000p+1, // 8
    0x1.95c01a39fbd68p+1, // 9
    0x1.a934f0979a371p+1, // 10
    0x1.bacea7c065d42p+1, // 11
  };

  /** nDCG@10 and Recall@10 of one ranking. */
  public record Scores(double ndcgCut10, double recall10) {}

  /**
   * Evaluates {@code ranking} (best first; duplicates keep their last position) against the binary qrels
   * {@code relevant} (duplicates collapse).
   */
  public static Scores evaluate(List<String> ranking, Collection<String> relevant) {
    Set<String> rel = relevant instanceof Set<String> set ? set : new HashSet<>(relevant);
    List<String> top = topDistinct(ranking, CUTOFF);
    double dcg = 0.0;
    int hits = 0;
    for (int i = 0; i < top.size(); i++) {
      if (rel.contains(top.get(i))) {
        dcg += 1.0 / LOG2[i + 2];
        hits++;
      }
    }
    int numRel = rel.size();
    double idcg = 0.0;
    for (int i = 0; i < Math.min(numRel, CUTOFF); i++) idcg += 1.0 / LOG2[i + 2];
    double ndcg = idcg > 0.0 ? dcg / idcg : dcg;
    double recall = numRel == 0 ? 0.0 : (double) hits / (double) numRel;
    return new Scores(ndcg, recall);
  }

  /** nDCG@10 alone (the self-consistency filter's criterion, docs/reference-behaviour.md §9). */
  public static double ndcgCut10(List<String> ranking, Collection<String> relevant) {
    return evaluate(ranking, relevant).ndcgCut10();
  }

  /** The first {@code n} docids in run order, each at its last occurrence (Python dict semantics). */
  static List<String> topDistinct(List<String> ranking, int n) {
    int size = ranking.size();
    List<String> out = new ArrayList<>(Math.min(n, size));
    if (size <= 32) {
      outer:
      for (int i = 0; i < size && out.size() < n; i++) {
        String d = ranking.get(i);
        for (int j = i + 1; j < size; j++) if (d.equals(ranking.get(j))) continue outer;
        out.add(d);
      }
      return out;
    }
    Map<String, Integer> last = new HashMap<>(2 * size);
    for (int i = 0; i < size; i++) last.put(ranking.get(i), i);
    for (int i = 0; i < size && out.size() < n; i++) {
      if (last.get(ranking.get(i)) == i) out.add(ranking.get(i));
    }
    return out;
  }
}
