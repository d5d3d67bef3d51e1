package io.reasonrank.rerank;

import io.reasonrank.format.TrecRuns;
import io.reasonrank.model.Candidate;
import io.reasonrank.model.ScoredDoc;
import io.reasonrank.text.PythonChars;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes reranked lists as the reference's {@code write_run} + {@code TrecWriter} do (docs/reference-behaviour.md §5.5): hits whose
 * docid equals the query id are removed ({@code remove_query=True}), duplicates are kept, ranks are
 * renumbered 1.. after the removal, at most {@code maxHits} lines per query ({@code max_hits=retrieval_num}),
 * docids printed Python-stripped and scores as {@code %.6f} ({@link TrecRuns#formatScore}).
 */
public final class RerankRunWriter {
  private RerankRunWriter() {}

  /** The hits one query contributes to the run, in output order. */
  public static List<ScoredDoc> hits(RerankResult result, int maxHits) {
    if (maxHits < 1) throw new IllegalArgumentException("maxHits must be >= 1, got " + maxHits);
    List<ScoredDoc> out = new ArrayList<>();
    for (Candidate c : result.ranked()) {
      if (c.docid().equals(result.qid())) continue;
      out.add(new ScoredDoc(PythonChars.strip(c.docid()), c.score()));
      if (out.size() == maxHits) break;
    }
    return out;
  }

  /** Appends one query's lines ({@code qid Q0 docid rank score tag}). */
  public static void write(Appendable out, RerankResult result, int maxHits, String tag) throws IOException {
    TrecRuns.writeQuery(out, result.qid(), hits(result, maxHits), tag);
  }
}
