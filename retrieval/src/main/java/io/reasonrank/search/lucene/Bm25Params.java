package io.reasonrank.search.lucene;

/**
 * BM25 settings. {@code k1 = 0.9, b = 0.4} are Anserini's defaults (Trotman et al., SIGIR 2012 OSIR;
 * {@code SearchCollection -bm25}). {@code anseriniScores} applies Anserini's
 * {@code ScoreTiesAdjusterReranker} to every ranked list: scores rounded to 4 decimals and each tie
 * lowered by 1e-6 per earlier tie, so that trec_eval's own tie order (docid descending) cannot reorder
 * the list that Lucene sorted by score then docid ascending. Without it, raw Lucene float scores are
 * returned.
 */
public record Bm25Params(float k1, float b, boolean anseriniScores) {
  public static final Bm25Params ANSERINI = new Bm25Params(0.9f, 0.4f, true);

  public Bm25Params {
    if (!(k1 >= 0) || Float.isInfinite(k1)) throw new IllegalArgumentException("k1 must be a finite number >= 0, got " + k1);
    if (!(b >= 0 && b <= 1)) throw new IllegalArgumentException("b must be in [0, 1], got " + b);
  }

  public static Bm25Params of(float k1, float b) {
    return new Bm25Params(k1, b, true);
  }
}
