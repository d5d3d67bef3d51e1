package io.reasonrank.eval;

import java.util.Arrays;

/**
 * A query's retrieved documents in trec_eval order, reduced to what the measures need (trec_eval's
 * {@code RES_RELS}, {@code form_res_rels.c}).
 *
 * @param rels relevance of the document at each rank (index 0 = rank 1): the qrels value, or
 *     {@link #UNJUDGED} (-1, trec_eval's {@code RELVALUE_NONPOOL}) when the document is not judged
 * @param idealGains every positive qrels value of the query (retrieved or not), in descending order:
 *     the gains of the ideal ranking, so IDCG counts relevant documents the run missed
 * @param numRel judged documents with relevance ≥ the relevance level (the recall and AP denominator)
 * @param relevanceLevel the level at which a document counts as relevant (trec_eval {@code -l}, default 1)
 */
public record JudgedRanking(int[] rels, int[] idealGains, int numRel, int relevanceLevel) {
  public static final int UNJUDGED = -1;

  public JudgedRanking {
    if (relevanceLevel < 1) throw new IllegalArgumentException("relevanceLevel must be >= 1, got " + relevanceLevel);
    if (numRel < 0) throw new IllegalArgumentException("numRel must be >= 0, got " + numRel);
    rels = rels.clone();
    idealGains = idealGains.clone();
  }

  public int numRet() {
    return rels.length;
  }

  /** Whether the document at 0-based position {@code i} counts as relevant. */
  public boolean relevant(int i) {
    return rels[i] >= relevanceLevel;
  }

  /** Relevant documents among the first {@code k} retrieved. */
  public int relevantRetrieved(int k) {
    int n = 0;
    for (int i = 0, end = Math.min(k, rels.length); i < end; i++) if (rels[i] >= relevanceLevel) n++;
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JudgedRanking r && Arrays.equals(rels, r.rels) && Arrays.equals(idealGains, r.idealGains)
        && numRel == r.numRel && relevanceLevel == r.relevanceLevel;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(rels) + Arrays.hashCode(idealGains)) + numRel * 7 + relevanceLevel;
  }

  @Override
  public String toString() {
    return "JudgedRanking[rels=" + Arrays.toString(rels) + ", idealGains=" + Arrays.toString(idealGains)
        + ", numRel=" + numRel + ", relevanceLevel=" + relevanceLevel + "]";
  }
}
