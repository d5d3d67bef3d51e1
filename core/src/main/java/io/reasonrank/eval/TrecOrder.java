package io.reasonrank.eval;

import io.reasonrank.model.ScoredDoc;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * trec_eval's ranking of a query's results ({@code form_res_rels.c::comp_sim_docno}): score
 * descending, ties broken by docid <em>descending</em> in {@code strcmp} byte order (docs/reference-behaviour.md §5.4). The
 * rank column and file order are ignored.
 */
public final class TrecOrder {
  private TrecOrder() {}

  /**
   * How scores are held before comparing. pytrec_eval 0.5 (trec_eval de6a29f, which ReasonRank
   * uses) and trec_eval ≤ 9.0.7 store them as C {@code float}, so scores equal after rounding to
   * float tie; trec_eval ≥ 9.0.8 (usnistgov/trec_eval#34) stores {@code double}.
   */
  public enum ScorePrecision {
    FLOAT,
    DOUBLE;

    public double hold(double score) {
      return this == FLOAT ? (double) (float) score : score;
    }
  }

  /** {@code strcmp} on UTF-8 bytes equals comparing by code point; String.compareTo compares UTF-16 units. */
  public static int compareBytes(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i), y = b.charAt(i);
      if (x != y) {
        if (Character.isSurrogate(x) || Character.isSurrogate(y)) return Integer.compare(a.codePointAt(i), b.codePointAt(i));
        return Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  public static Comparator<ScoredDoc> comparator(ScorePrecision precision) {
    return (p, q) -> {
      double a = precision.hold(p.score()), b = precision.hold(q.score());
      if (a > b) return -1;
      if (a < b) return 1;
      return compareBytes(q.docid(), p.docid());
    };
  }

  /**
   * The hits in trec_eval order. A docid listed twice keeps its <em>last</em> score, as pytrec_eval's
   * {@code {docid: score}} dict does (trec_eval itself refuses duplicates; docs/reference-behaviour.md §5.4).
   */
  public static List<ScoredDoc> sort(List<ScoredDoc> hits, ScorePrecision precision) {
    Map<String, ScoredDoc> last = new LinkedHashMap<>(hits.size() * 2);
    for (ScoredDoc h : hits) last.put(h.docid(), h);
    List<ScoredDoc> out = new ArrayList<>(last.values());
    out.sort(comparator(precision));
    return out;
  }
}
